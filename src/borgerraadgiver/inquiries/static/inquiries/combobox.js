// Type-ahead over a native <select data-combobox>: an ARIA 1.2 combobox with a
// listbox popup (list autocomplete, keyboard first). The <select> stays in the
// form, hidden, and holds the value, so without JavaScript the form works as is.
(function () {
  "use strict";

  function fold(text) {
    return text.toLocaleLowerCase("da");
  }

  function readOptions(select) {
    var items = [];
    Array.prototype.forEach.call(select.options, function (opt) {
      if (opt.value === "") {
        return;
      }
      var parent = opt.parentElement;
      var group = parent && parent.tagName === "OPTGROUP" ? parent.label : "";
      items.push({ value: opt.value, label: opt.textContent.trim(), group: group });
    });
    return items;
  }

  function enhance(select) {
    if (select.dataset.comboboxReady) {
      return;
    }
    select.dataset.comboboxReady = "1";
    var id = select.id;
    var listId = id + "-listbox";
    var items = readOptions(select);
    var emptyOption = select.querySelector('option[value=""]');
    var label = document.querySelector('label[for="' + id + '"]');

    var wrapper = document.createElement("div");
    wrapper.className = "combobox";
    var input = document.createElement("input");
    input.type = "text";
    input.className = "form-input combobox-input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("spellcheck", "false");
    ["aria-describedby", "aria-invalid", "required"].forEach(function (name) {
      if (select.hasAttribute(name)) {
        input.setAttribute(name, select.getAttribute(name));
      }
    });
    if (emptyOption) {
      input.placeholder = emptyOption.textContent.trim();
    }
    var list = document.createElement("div");
    list.id = listId;
    list.className = "combobox-list";
    list.setAttribute("role", "listbox");
    if (label) {
      list.setAttribute("aria-label", label.textContent.trim());
    }
    list.hidden = true;

    // The label's `for` and the error messages' ids follow the visible input.
    select.id = id + "-native";
    input.id = id;
    select.classList.add("combobox-native");
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(select);

    var shown = [];
    var active = -1;

    function selectedLabel() {
      var opt = select.options[select.selectedIndex];
      return opt && opt.value !== "" ? opt.textContent.trim() : "";
    }

    function isOpen() {
      return !list.hidden;
    }

    function open() {
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function setActive(index) {
      var previous = list.querySelector('[aria-selected="true"]');
      if (previous) {
        previous.setAttribute("aria-selected", "false");
      }
      active = index;
      if (index < 0) {
        input.removeAttribute("aria-activedescendant");
        return;
      }
      var option = document.getElementById(listId + "-o" + index);
      option.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    }

    function render(query) {
      var terms = fold(query).split(/\s+/).filter(Boolean);
      shown = items.filter(function (item) {
        var haystack = fold(item.group + " " + item.label);
        return terms.every(function (t) {
          return haystack.indexOf(t) !== -1;
        });
      });
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      if (!shown.length) {
        var none = document.createElement("div");
        none.className = "combobox-empty";
        none.textContent = select.dataset.comboboxEmpty || "Ingen match";
        list.appendChild(none);
        return;
      }
      var groupName = null;
      var container = list;
      shown.forEach(function (item, i) {
        if (item.group && item.group !== groupName) {
          groupName = item.group;
          container = document.createElement("div");
          container.setAttribute("role", "group");
          container.className = "combobox-group";
          var heading = document.createElement("div");
          heading.id = listId + "-g" + i;
          heading.className = "combobox-group-label";
          heading.textContent = item.group;
          container.setAttribute("aria-labelledby", heading.id);
          container.appendChild(heading);
          list.appendChild(container);
        } else if (!item.group) {
          container = list;
        }
        var option = document.createElement("div");
        option.id = listId + "-o" + i;
        option.className = "combobox-option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.dataset.index = String(i);
        option.textContent = item.label;
        container.appendChild(option);
      });
    }

    function choose(index) {
      var item = shown[index];
      if (!item) {
        return;
      }
      select.value = item.value;
      input.value = item.label;
      close();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function clear() {
      if (emptyOption) {
        select.value = "";
        select.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }

    function settle() {
      // Leaving the field: keep a unique match, otherwise show what is selected.
      var text = input.value.trim();
      if (text === selectedLabel()) {
        return;
      }
      if (text === "") {
        clear();
      } else {
        render(text);
        var exact = exactIndex(text);
        if (exact >= 0 || shown.length === 1) {
          choose(Math.max(exact, 0));
          return;
        }
      }
      input.value = selectedLabel();
    }

    input.value = selectedLabel();

    function exactIndex(text) {
      var wanted = fold(text.trim());
      for (var i = 0; i < shown.length; i += 1) {
        if (fold(shown[i].label) === wanted) {
          return i;
        }
      }
      return -1;
    }

    input.addEventListener("input", function () {
      render(input.value);
      open();
      // Automatic selection: the exact match, else the first, so Enter or Tab takes it.
      if (shown.length && input.value.trim()) {
        setActive(Math.max(exactIndex(input.value), 0));
      }
    });

    input.addEventListener("keydown", function (event) {
      switch (event.key) {
        case "ArrowDown":
          event.preventDefault();
          if (!isOpen()) {
            render(input.value === selectedLabel() ? "" : input.value);
            open();
          }
          if (shown.length) {
            setActive(Math.min(active + 1, shown.length - 1));
          }
          break;
        case "ArrowUp":
          event.preventDefault();
          if (isOpen() && shown.length) {
            setActive(Math.max(active - 1, 0));
          }
          break;
        case "Enter":
          if (isOpen()) {
            event.preventDefault();
            if (active >= 0) {
              choose(active);
            }
          }
          break;
        case "Escape":
          if (isOpen()) {
            event.preventDefault();
            close();
            input.value = selectedLabel();
          }
          break;
        case "Tab":
          if (isOpen() && active >= 0) {
            choose(active);
          }
          break;
        default:
          break;
      }
    });

    input.addEventListener("blur", function () {
      close();
      settle();
    });

    list.addEventListener("mousedown", function (event) {
      // Keep the focus in the input while an option is clicked.
      event.preventDefault();
    });

    list.addEventListener("click", function (event) {
      var option = event.target.closest('[role="option"]');
      if (option) {
        choose(Number(option.dataset.index));
      }
    });

    if (select.hasAttribute("autofocus")) {
      select.removeAttribute("autofocus");
      window.setTimeout(function () {
        input.focus();
      }, 0);
    }
  }

  function enhanceAll(root) {
    var scope = root && root.querySelectorAll ? root : document;
    if (scope.matches && scope.matches("select[data-combobox]")) {
      enhance(scope);
    }
    scope.querySelectorAll("select[data-combobox]").forEach(enhance);
  }

  document.addEventListener("DOMContentLoaded", function () {
    enhanceAll(document);
  });
  // Rows added by htmx ("Tilføj følgesag") arrive after the page has loaded.
  document.addEventListener("htmx:load", function (event) {
    enhanceAll(event.detail && event.detail.elt);
  });
})();
