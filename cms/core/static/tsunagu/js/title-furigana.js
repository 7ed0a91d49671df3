// The page's title is a plain field: a button under it adds the readings SudachiPy suggests,
// in the markup of plain fields (｜窓口《まどぐち》, cms/core/ruby.py), for the editor to keep
// or correct there. Its address and words come from this script's tag (wagtail_hooks.py).
(() => {
  const config = document.currentScript.dataset;

  function addButton() {
    const title = document.querySelector("input#id_title");
    if (!title) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button-small button-secondary";
    button.textContent = config.label;
    button.addEventListener("click", () => {
      const wagtail = window.wagtailConfig || {};
      fetch(config.url, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          [wagtail.CSRF_HEADER_NAME || "X-CSRFToken"]: wagtail.CSRF_TOKEN,
        },
        body: JSON.stringify({ texts: [{ text: title.value }] }),
      })
        .then((response) => {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then((data) => {
          title.value = data.results[0].markup;
          title.dispatchEvent(new Event("input", { bubbles: true }));
        })
        .catch(() => window.alert(config.failed));
    });
    title.insertAdjacentElement("afterend", button);
  }

  // The tag may come before the form.
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", addButton);
  } else {
    addButton();
  }
})();
