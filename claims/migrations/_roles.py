"""Grant role permissions from data migrations (not a migration: the loader
skips modules whose name starts with an underscore)."""


def grant_role_permissions(
    apps, role_permissions: dict[str, list[str] | None], app_label: str = "claims"
) -> None:
    """Add the named permissions of app_label to each role group (None: all of them).

    Permissions are normally created after migrate; roles need them now, so
    they are created first. An unknown codename raises instead of being
    silently skipped.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_permissions = Permission.objects.filter(content_type__app_label=app_label)
    for name, codenames in role_permissions.items():
        group, _ = Group.objects.get_or_create(name=name)
        chosen = (
            app_permissions if codenames is None else app_permissions.filter(codename__in=codenames)
        )
        missing = set(codenames or ()) - set(chosen.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for {name}: {sorted(missing)}")
        group.permissions.add(*chosen)
