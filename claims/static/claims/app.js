// Claim Workbench: keyboard shortcuts, the help overlay, the claim's place in
// its article, lease countdowns and corrections from a selection. Everything
// here also works without it; the CSP allows no inline scripts, so all
// behaviour is wired from data- attributes.
(function () {
  "use strict";

  const TYPING = "input, textarea, select, [contenteditable], [contenteditable=''], [contenteditable='true']";

  function visible(element) {
    return !!(element.offsetWidth || element.offsetHeight || element.getClientRects().length);
  }

  function firstVisible(selector) {
    return Array.from(document.querySelectorAll(selector)).find(visible) || null;
  }

  // --- Help overlay ------------------------------------------------------
  function openHelp() {
    const help = document.getElementById("help");
    if (help && !help.open) help.showModal();
  }

  // --- Shortcuts: elements declare data-shortcut="key" -------------------
  function activate(element) {
    if (element.matches("form")) {
      element.requestSubmit();
    } else if (element.matches("details")) {
      element.open = true;
      const field = element.querySelector("select, input:not([type=hidden]), textarea, button");
      if (field) field.focus();
    } else if (element.matches("input, select, textarea")) {
      element.scrollIntoView({ block: "center" });
      element.focus();
      if (element.select && element.type === "search") element.select();
    } else {
      element.click();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest && event.target.closest(TYPING)) return;
    if (document.querySelector("dialog[open]")) return;
    if (event.key === "?") {
      event.preventDefault();
      openHelp();
      return;
    }
    const key = event.key.length === 1 ? event.key.toLowerCase() : "";
    if (!key) return;
    const selector = '[data-shortcut="' + CSS.escape(key) + '"]';
    // Hidden targets (in a closed section) count when their <details> is visible.
    const target = firstVisible(selector) ||
      Array.from(document.querySelectorAll(selector)).find(function (el) {
        const details = el.closest("details");
        return details && visible(details);
      });
    if (!target) return;
    event.preventDefault();
    const details = target.closest("details");
    if (details && !target.matches("details")) details.open = true;
    activate(target);
  });

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-help-open]")) openHelp();
    const scroller = event.target.closest("[data-scroll-to]");
    if (scroller) showSentence(document.getElementById(scroller.dataset.scrollTo), true);
  });

  // --- The claim's sentence, scrolled into view in its article -----------
  function showSentence(sentence, focusPane) {
    if (!sentence) return;
    const pane = sentence.closest(".scroll");
    if (pane) {
      pane.scrollTop = Math.max(sentence.offsetTop - pane.clientHeight / 3, 0);
      if (focusPane) pane.focus({ preventScroll: true });
    } else {
      sentence.scrollIntoView({ block: "center" });
    }
  }

  // --- Lease countdowns ---------------------------------------------------
  function updateLeases() {
    document.querySelectorAll(".lease[data-expires]").forEach(function (lease) {
      const left = Math.max(Date.parse(lease.dataset.expires) - Date.now(), 0);
      const minutes = Math.floor(left / 60000);
      const hours = Math.floor(minutes / 60);
      lease.textContent = (hours ? hours + " h " + (minutes % 60) : minutes) + " min left";
      lease.classList.toggle("low", minutes < 5);
    });
  }

  // --- Attribution corrections from a selection in the article -----------
  // Every piece of the article text carries its offset (data-o), so a
  // selection inside it maps back to exact offsets.
  let lastSelection = null;

  function offsetOf(node, offset) {
    const piece = (node.nodeType === Node.TEXT_NODE ? node.parentElement : node).closest("[data-o]");
    if (!piece) return null;
    return parseInt(piece.dataset.o, 10) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  }

  document.addEventListener("selectionchange", function () {
    const selection = document.getSelection();
    if (!selection || selection.isCollapsed || !selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    const pane = document.getElementById("article-text");
    if (!pane || !pane.contains(range.startContainer) || !pane.contains(range.endContainer)) return;
    const start = offsetOf(range.startContainer, range.startOffset);
    const end = offsetOf(range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    lastSelection = { text: selection.toString(), start: start, end: end };
  });

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-use-selection]");
    if (!button) return;
    const form = button.closest("form");
    const text = form.querySelector("[data-text]");
    if (!lastSelection) {
      text.focus();
      return;
    }
    if (button.dataset.useSelection === "append") {
      text.value = text.value.trim() ? text.value.trim() + "; " + lastSelection.text : lastSelection.text;
    } else {
      text.value = lastSelection.text;
      form.querySelector("[data-start]").value = lastSelection.start;
      form.querySelector("[data-end]").value = lastSelection.end;
    }
    text.focus();
  });

  document.addEventListener("input", function (event) {
    // Typed text is looked up in the article; offsets from a selection no longer apply.
    const form = event.target.matches("[data-text]") && event.target.closest("form");
    if (!form) return;
    form.querySelectorAll("[data-start], [data-end]").forEach(function (field) { field.value = ""; });
  });

  // --- htmx swaps keep the article where the reader left it ---------------
  let paneScroll = null;
  document.addEventListener("htmx:before:swap", function (event) {
    const ctx = event.detail.ctx;
    if (ctx.select) {
      const page = new DOMParser().parseFromString(ctx.text, "text/html");
      if (!page.querySelector(ctx.select)) {
        // The answer is another page (the login form once the session has
        // ended, an error): show it whole instead of an empty workspace.
        event.preventDefault();
        if (ctx.response.raw.redirected) {
          window.location.assign(ctx.response.raw.url);
        } else if (page.getElementById("main")) {
          document.getElementById("main").replaceWith(page.getElementById("main"));
          document.title = page.title;
        }
        return;
      }
    }
    const pane = document.getElementById("article-text");
    paneScroll = pane ? pane.scrollTop : null;
  });
  document.addEventListener("htmx:after:swap", function () {
    const pane = document.getElementById("article-text");
    if (pane && paneScroll !== null) pane.scrollTop = paneScroll;
    updateLeases();
  });

  function start() {
    showSentence(document.getElementById("claim-sentence"), false);
    updateLeases();
    setInterval(updateLeases, 30000);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
