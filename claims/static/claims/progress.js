// Poll the article's status while it is processed, then show its claims.
(function () {
  const box = document.getElementById("progress");
  if (!box) return;
  const bar = document.getElementById("progress-bar");
  const label = document.getElementById("progress-text");
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" } });
      const data = await response.json();
      bar.value = data.progress;
      label.textContent = data.progress + "%";
      if (data.status === "done" || data.status === "failed") {
        window.location.reload();
        return;
      }
    } catch (error) {
      label.textContent = "waiting for the server…";
    }
    setTimeout(poll, 1000);
  }
  setTimeout(poll, 500);
})();
