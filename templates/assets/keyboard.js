/* committee-papers: keyboard access on top of mkdocs-material's script (loaded after it by
   templates/theme/papers/frame.html). The theme has no settings for any of this.

   - Single-key shortcuts are off (WCAG 2.1.4): the theme moves to other pages on "n", "p", "," and "." and
     into the search on "s", "f" and "/", with no way to turn them off. It listens on the window as the key
     event bubbles; this listener runs first, as the event is captured, and keeps a single character typed
     outside a text field from reaching it. Keys typed into a field, and keys with Ctrl, Alt or Cmd, pass.
   - The menu and search buttons of the header (templates/theme/partials/header.html) open the drawer and the
     search, which the theme opens with labels that the keyboard cannot reach, and say whether they are open.
   - Escape closes the search and gives the focus back to where the search is opened: the search box (wide
     screens, where it is in the header) or the search button (narrow screens). The theme dropped it on the page.
   - The open drawer takes the focus; Escape, or moving the focus out of it, closes it (the focus goes back to
     the menu button on Escape).
   - A link that takes the focus inside a table's scrolling region is scrolled wholly into view: Chromium leaves
     a link that shows in part where it is, cut by the region's edge (WCAG 2.4.7, 2.4.11).
*/
(function () {
  "use strict";

  var drawer = document.getElementById("__drawer");
  var search = document.getElementById("__search");
  var query = document.querySelector("[data-md-component=search-query]");
  var menuButton = document.querySelector("[data-papers-toggle=drawer]");
  var searchButton = document.querySelector("[data-papers-toggle=search]");
  var sidebar = document.querySelector(".md-sidebar--primary");
  // The theme's own break point for the search box in the header.
  var searchInHeader = window.matchMedia("(min-width: 60em)");

  function typedIntoField(element) {
    return !!element && (element.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(element.tagName));
  }

  // As the theme does it (a click), so that its own listeners hear the change.
  function setToggle(toggle, open) {
    if (toggle && toggle.checked !== open) toggle.click();
  }

  function closeSearch() {
    if (searchInHeader.matches || !searchButton) {
      if (document.activeElement === query) {
        setToggle(search, false);
      } else {
        // The theme opens the search when its box gains the focus, a moment later (it waits 1 ms for focus
        // to settle): close it after that.
        query.focus();
        window.setTimeout(function () { setToggle(search, false); }, 20);
      }
    } else {
      setToggle(search, false);
      searchButton.focus();
    }
  }

  function closeDrawer() {
    setToggle(drawer, false);
    if (menuButton) menuButton.focus();
  }

  window.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (search && search.checked) {
      if (event.key === "Escape") {
        event.stopImmediatePropagation();
        event.preventDefault();
        closeSearch();
      }
      return;
    }
    if (drawer && drawer.checked && event.key === "Escape") {
      event.stopImmediatePropagation();
      event.preventDefault();
      closeDrawer();
      return;
    }
    if (event.key.length === 1 && !typedIntoField(document.activeElement)) {
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("focusin", function (event) {
    var target = event.target;
    if (target instanceof Element && !target.classList.contains("table-scroll") && target.closest(".table-scroll")) {
      target.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  });

  if (query && search) {
    // After Escape the box keeps the focus with the search closed: typing opens it again.
    query.addEventListener("input", function () { setToggle(search, true); });
  }

  if (searchButton && search && query) {
    searchButton.addEventListener("click", function () {
      setToggle(search, true);
      query.focus();
    });
    search.addEventListener("change", function () {
      searchButton.setAttribute("aria-expanded", String(search.checked));
    });
  }

  if (menuButton && drawer && sidebar) {
    menuButton.addEventListener("click", function () {
      setToggle(drawer, !drawer.checked);
      if (drawer.checked) {
        var first = sidebar.querySelector("a[href], button, input, [tabindex]:not([tabindex='-1'])");
        if (first) first.focus();
      }
    });
    drawer.addEventListener("change", function () {
      menuButton.setAttribute("aria-expanded", String(drawer.checked));
    });
    sidebar.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (drawer.checked && next && !sidebar.contains(next) && next !== menuButton) setToggle(drawer, false);
    });
  }
})();
