// The facility profile's description: a TipTap editor on top of the form's text area.
// The text area stays in the form (hidden) and always holds the editor's HTML, so the
// form sends the same field with or without this script. The toolbar's buttons are
// real buttons with translated names (data- attributes from the template), aria-pressed
// and keyboard shortcuts. No styles are injected (the page's CSP allows none inline):
// the editor's CSS is in gemeinwerk.css.
import { Editor } from "@tiptap/core";
import { ListItem } from "@tiptap/extension-list";
import StarterKit from "@tiptap/starter-kit";
import { BUTTONS, labelsFrom, linkHref, pressedStates } from "./toolbar.js";

// Tab must leave the editor, also inside a list (no keyboard trap): list items only
// split on Enter, they are not indented with Tab.
const FlatListItem = ListItem.extend({
  addKeyboardShortcuts() {
    return { Enter: () => this.editor.commands.splitListItem(this.name) };
  },
});

function askForLink(editor, labels) {
  const current = editor.getAttributes("link").href || "";
  const typed = window.prompt(labels.linkPrompt, current);
  if (typed === null) {
    editor.commands.focus();
    return;
  }
  const href = linkHref(typed);
  const chain = editor.chain().focus().extendMarkRange("link");
  if (href === "") {
    chain.unsetLink().run();
  } else if (href !== null) {
    chain.setLink({ href }).run();
  }
}

function makeToolbar(labels, textareaId) {
  const toolbar = document.createElement("div");
  toolbar.className = "gw-rich-editor__toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", labels.toolbar);
  toolbar.setAttribute("aria-controls", `${textareaId}-editor`);
  const buttons = {};
  for (const { name, keys } of BUTTONS) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = `kern-btn kern-btn--secondary gw-rich-editor__button gw-rich-editor__button--${name}`;
    button.dataset.command = name;
    button.setAttribute("aria-pressed", "false");
    button.setAttribute("aria-keyshortcuts", keys);
    button.title = `${labels[name]} (${keys.replaceAll("Control", "Ctrl")})`;
    const label = document.createElement("span");
    label.className = "kern-label";
    label.textContent = labels[name];
    button.append(label);
    toolbar.append(button);
    buttons[name] = button;
  }
  return { toolbar, buttons };
}

export function enhance(wrapper) {
  const textarea = wrapper.querySelector("textarea");
  if (!textarea || wrapper.dataset.ready) {
    return null;
  }
  wrapper.dataset.ready = "true";
  const labels = labelsFrom(wrapper.dataset);
  const label = wrapper.querySelector(`label[for="${textarea.id}"]`);
  if (label && !label.id) {
    label.id = `${textarea.id}-label`;
  }
  const { toolbar, buttons } = makeToolbar(labels, textarea.id);
  const area = document.createElement("div");
  area.className = "gw-rich-editor__frame";
  textarea.hidden = true;
  textarea.after(toolbar, area);

  const attributes = {
    id: `${textarea.id}-editor`,
    class: "gw-rich-editor__area kern-form-input__input",
    role: "textbox",
    "aria-multiline": "true",
  };
  if (label) {
    attributes["aria-labelledby"] = label.id;
  }
  const described = textarea.getAttribute("aria-describedby");
  if (described) {
    attributes["aria-describedby"] = described;
  }
  if (textarea.getAttribute("aria-invalid")) {
    attributes["aria-invalid"] = textarea.getAttribute("aria-invalid");
  }
  const editor = new Editor({
    element: area,
    content: textarea.value,
    injectCSS: false,
    extensions: [
      StarterKit.configure({
        blockquote: false,
        code: false,
        codeBlock: false,
        horizontalRule: false,
        strike: false,
        underline: false,
        listItem: false,
        listKeymap: false,
        heading: { levels: [2, 3] },
        link: {
          openOnClick: false,
          autolink: true,
          defaultProtocol: "https",
          protocols: [],
          isAllowedUri: (url) => linkHref(url) !== null && linkHref(url) !== "",
          HTMLAttributes: { target: null, rel: "noopener noreferrer nofollow" },
        },
      }),
      FlatListItem,
    ],
    editorProps: {
      attributes,
      handleKeyDown: (_view, event) => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
          event.preventDefault();
          askForLink(editor, labels);
          return true;
        }
        return false;
      },
    },
  });

  const refresh = () => {
    const states = pressedStates((...args) => editor.isActive(...args));
    for (const [name, pressed] of Object.entries(states)) {
      buttons[name].setAttribute("aria-pressed", String(pressed));
    }
  };
  editor.on("update", () => {
    textarea.value = editor.isEmpty ? "" : editor.getHTML();
  });
  editor.on("transaction", refresh);
  refresh();

  toolbar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-command]");
    if (!button) {
      return;
    }
    const spec = BUTTONS.find(({ name }) => name === button.dataset.command);
    if (spec.command === null) {
      askForLink(editor, labels);
      return;
    }
    const [command, ...args] = spec.command;
    // TipTap's focus() waits for the next frame; the keys typed right after pressing
    // the button must already reach the editor.
    editor.view.focus();
    editor.chain().focus()[command](...args).run();
  });
  // The label points to the hidden text area: clicking it moves to the editor.
  label?.addEventListener("click", (event) => {
    event.preventDefault();
    editor.commands.focus();
  });
  return editor;
}

for (const wrapper of document.querySelectorAll("[data-rich-editor]")) {
  enhance(wrapper);
}
