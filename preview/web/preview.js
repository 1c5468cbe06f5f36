// preview.js: the waflow flow preview page.
//
// The page is a view over WaflowRuntime (flowrun.js, loaded before this
// file): the runtime keeps the walk, evaluates If/Switch, bindings and
// expressions, checks inputs and runs actions; this file draws what
// view() returns in a phone frame, turns clicks and keystrokes into
// setValue/press/back, and carries the runtime's requests to the server's
// /exchange proxy, which seals them to the flow's key and calls the real
// endpoint. It polls /version and restarts the flow when the flow or its
// script changed.
(function () {
  "use strict";

  const POLL_MS = 1000;

  const page = {
    flow: null, // the parsed Flow JSON, null when it does not parse
    flowError: null, // why the flow cannot be shown
    legacyDates: false, // Flow JSON < 5.0: dates are millisecond timestamps
    version: null, // /version's answer
    diagnostics: null, // /diagnostics.json's answer
    walker: null,
    generation: 0, // bumped by every restart; late answers of older walks are dropped
    exchanges: [], // {request, report, error}
    notice: null, // {kind: "error"|"info", text}
    failure: null, // the last exchange that did not come back with 200
    openDropdown: null, // the name of the Dropdown whose list is open
  };

  const $ = (id) => document.getElementById(id);

  // ------------------------------------------------------------ elements

  // h builds an element: attributes (on* are listeners; a value of null or
  // false leaves the attribute out) and children (strings become text).
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "className") e.className = v;
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    append(e, children);
    return e;
  }

  // fill replaces the children of parent.
  function fill(parent, ...children) {
    parent.replaceChildren();
    return append(parent, children);
  }

  function append(parent, children) {
    for (const c of children.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      parent.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return parent;
  }

  function pretty(v) {
    return JSON.stringify(v === undefined ? null : v, null, 2);
  }

  function text(v) {
    if (v === undefined || v === null) return "";
    if (Array.isArray(v)) return v.map(text).join("\n");
    return typeof v === "string" ? v : String(v);
  }

  // idOf gives each input a stable element id, so focus survives a redraw.
  function idOf(name, suffix) {
    return "in-" + String(name).replace(/[^A-Za-z0-9_-]/g, "_") + (suffix === undefined ? "" : "-" + suffix);
  }

  // ---------------------------------------------------------------- images

  // imageURL turns a flow's base64 image (no prefix) into a data URL,
  // telling the format by its first bytes.
  function imageURL(b64) {
    if (typeof b64 !== "string" || b64 === "") return null;
    if (b64.startsWith("data:image/")) return b64;
    let type = "png";
    if (b64.startsWith("/9j/")) type = "jpeg";
    else if (b64.startsWith("UklGR")) type = "webp";
    else if (b64.startsWith("R0lGOD")) type = "gif";
    return "data:image/" + type + ";base64," + b64;
  }

  const SAFE_IMAGE = /^data:image\/(png|jpe?g|webp);base64,[A-Za-z0-9+/=\s]+$/;
  const SAFE_LINK = /^(https?:|mailto:|tel:)/i;

  // -------------------------------------------------------------- markdown
  //
  // The subset WhatsApp renders (§4: TextBody/TextCaption with markdown:
  // bold, italic, strikethrough, links, lists; RichText adds # and ##
  // headings, tables and base64 images). Everything becomes DOM nodes;
  // nothing of the text is parsed as HTML.

  const INLINE = /!\[([^\]]*)\]\(([^)\s]+)\)|\[([^\]]+)\]\(([^)\s]+)\)|\*\*(.+?)\*\*|~~(.+?)~~|\*(.+?)\*/;

  function inline(src, rich) {
    const out = [];
    let last = 0;
    const re = new RegExp(INLINE.source, "g"); // one per call: inline recurses
    for (let m; (m = re.exec(src)) !== null; ) {
      if (m.index > last) out.push(src.slice(last, m.index));
      last = re.lastIndex;
      if (m[2] !== undefined) {
        out.push(rich && SAFE_IMAGE.test(m[2]) ? h("img", { className: "md-image", src: m[2], alt: m[1] }) : m[0]);
      } else if (m[4] !== undefined) {
        out.push(SAFE_LINK.test(m[4]) ? linkTo(m[4], inline(m[3], false)) : m[0]);
      } else if (m[5] !== undefined) out.push(h("strong", {}, inline(m[5], rich)));
      else if (m[6] !== undefined) out.push(h("s", {}, inline(m[6], rich)));
      else out.push(h("em", {}, inline(m[7], rich)));
    }
    if (last < src.length) out.push(src.slice(last));
    return out;
  }

  // linkTo is a link the page does not follow: a flow opens URLs in the
  // device's browser, which a preview only reports.
  function linkTo(url, content) {
    return h("a", { href: url, onclick: (ev) => { ev.preventDefault(); say("info", "The phone would open " + url); } }, content);
  }

  function tableRow(line) {
    return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
  }

  // markdown renders src into block elements; rich allows what RichText
  // alone has.
  function markdown(src, rich) {
    const blocks = [];
    const lines = text(src).split("\n");
    let para = [];
    let list = null;
    const flush = () => {
      if (para.length > 0) {
        blocks.push(h("p", {}, para.map((l, i) => [i > 0 ? h("br") : null, inline(l, rich)])));
        para = [];
      }
      list = null;
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      const heading = rich ? /^(#{1,6})\s+(.*)$/.exec(line) : null;
      const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
      const number = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      if (line.trim() === "") {
        flush();
      } else if (heading) {
        flush();
        const level = heading[1].length;
        blocks.push(level <= 2 ? h(level === 1 ? "h3" : "h4", { className: "md-h" + level }, inline(heading[2], rich)) : h("p", {}, inline(heading[2], rich)));
      } else if (bullet || number) {
        const tag = bullet ? "ul" : "ol";
        if (para.length > 0) flush();
        if (!list || list.tagName.toLowerCase() !== tag) {
          list = h(tag, {});
          blocks.push(list);
        }
        list.append(h("li", {}, inline((bullet || number)[1], rich)));
      } else if (rich && line.trim().startsWith("|") && i + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) {
        flush();
        const head = tableRow(line);
        const rows = [];
        i += 2;
        while (i < lines.length && lines[i].trim().startsWith("|")) rows.push(tableRow(lines[i++]));
        i--;
        blocks.push(h("table", { className: "md-table" },
          h("thead", {}, h("tr", {}, head.map((c) => h("th", { scope: "col" }, inline(c, rich))))),
          h("tbody", {}, rows.map((r) => h("tr", {}, r.map((c) => h("td", {}, inline(c, rich))))))));
      } else {
        list = null;
        para.push(line);
      }
    }
    flush();
    return blocks;
  }

  // ----------------------------------------------------------------- dates

  function isoDate(v) {
    if (typeof v === "number" || (typeof v === "string" && /^\d+$/.test(v))) {
      return new Date(Number(v)).toISOString().slice(0, 10);
    }
    return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : "";
  }

  // dateValue is what a date input gives the runtime: "YYYY-MM-DD", or a
  // millisecond timestamp string before Flow JSON 5.0.
  function dateValue(iso) {
    if (iso === "") return null;
    return page.legacyDates ? String(Date.parse(iso + "T00:00:00Z")) : iso;
  }

  // ------------------------------------------------------------ components

  function helper(p, id) {
    return typeof p["helper-text"] === "string" ? h("p", { className: "helper", id: id + "-help" }, p["helper-text"]) : null;
  }

  function fieldError(n, id) {
    return n.error ? h("p", { className: "field-error", id: id + "-error" }, n.error) : null;
  }

  function describedBy(n, p, id) {
    const ids = [];
    if (typeof p["helper-text"] === "string") ids.push(id + "-help");
    if (n.error) ids.push(id + "-error");
    return ids.length ? ids.join(" ") : null;
  }

  function label(p) {
    return text(p.label);
  }

  const INPUT_TYPES = { text: "text", number: "text", email: "email", password: "password", passcode: "password", phone: "tel" };

  function textInput(n) {
    const p = n.props;
    const id = idOf(n.name);
    const kind = p["input-type"] || "text";
    const area = n.type === "TextArea";
    const attrs = {
      id: id, name: n.name,
      className: "field-input",
      disabled: p.enabled === false,
      "aria-invalid": n.error ? "true" : null,
      "aria-describedby": describedBy(n, p, id),
      required: p.required === true,
      oninput: (ev) => set(n.name, ev.target.value === "" ? null : ev.target.value),
    };
    let input;
    if (area) {
      input = h("textarea", Object.assign(attrs, { rows: 3, maxlength: typeof p["max-length"] === "number" ? p["max-length"] : 600 }));
    } else {
      input = h("input", Object.assign(attrs, {
        type: INPUT_TYPES[kind] || "text",
        inputmode: kind === "number" || kind === "passcode" ? "numeric" : null,
        autocomplete: "off",
        maxlength: typeof p["max-chars"] === "number" ? p["max-chars"] : 80,
      }));
    }
    input.value = n.value === undefined || n.value === null ? "" : String(n.value);
    const count = area ? h("span", { className: "counter" }, input.value.length + " / " + input.getAttribute("maxlength")) : null;
    return h("div", { className: "field" + (p["label-variant"] === "large" ? " large" : "") + (n.error ? " invalid" : "") },
      h("label", { for: id }, label(p)), input, helper(p, id), count, fieldError(n, id));
  }

  function itemContent(item, p) {
    const img = imageURL(item.image);
    return [
      img ? h("img", { className: "item-image" + (p["media-size"] === "large" ? " large" : ""), src: img, alt: item["alt-text"] || "" }) : null,
      h("span", { className: "item-text" },
        h("span", { className: "item-title" }, text(item.title)),
        item.description ? h("span", { className: "item-description" }, text(item.description)) : null,
        item.metadata ? h("span", { className: "item-metadata" }, text(item.metadata)) : null),
    ];
  }

  // choices draws a list of options as radio buttons or checkboxes, the
  // shape of RadioButtonsGroup, CheckboxGroup, ChipsSelector and the open
  // list of a Dropdown.
  function choices(n, multiple, className, after) {
    const p = n.props;
    const items = Array.isArray(p["data-source"]) ? p["data-source"] : [];
    const chosen = multiple ? (Array.isArray(n.value) ? n.value : []) : [n.value];
    const id = idOf(n.name);
    const read = (fieldset) => {
      const ids = [...fieldset.querySelectorAll("input:checked")].map((e) => items[Number(e.dataset.index)].id);
      return multiple ? ids : ids.length ? ids[0] : null;
    };
    const fieldset = h("fieldset", {
      className: "choices " + className + (n.error ? " invalid" : ""), id: id,
      disabled: p.enabled === false,
      "aria-describedby": n.error ? id + "-error" : null,
    },
    h("legend", {}, label(p)),
    typeof p.description === "string" ? h("p", { className: "helper" }, p.description) : null,
    items.map((item, i) => h("label", { className: "choice", for: idOf(n.name, i) },
      h("input", {
        type: multiple ? "checkbox" : "radio", id: idOf(n.name, i), name: id, value: item.id, "data-index": i,
        checked: chosen.indexOf(item.id) >= 0, disabled: item.enabled === false,
        onchange: (ev) => { set(n.name, read(ev.target.closest("fieldset"))); if (after) after(); },
      }),
      h("span", { className: "item" }, itemContent(item, p)),
      item.color ? h("span", { className: "swatch", "aria-hidden": "true", "data-color": item.color }) : null)),
    fieldError(n, id));
    for (const s of fieldset.querySelectorAll(".swatch")) s.style.background = "#" + String(s.dataset.color).replace(/^#/, "");
    return fieldset;
  }

  function dropdown(n) {
    const p = n.props;
    const id = idOf(n.name);
    const items = Array.isArray(p["data-source"]) ? p["data-source"] : [];
    const chosen = items.find((it) => it.id === n.value);
    const open = page.openDropdown === n.name;
    return h("div", { className: "field dropdown" + (n.error ? " invalid" : "") },
      h("span", { className: "dropdown-label", id: id + "-label" }, label(p)),
      h("button", {
        type: "button", id: id, className: "dropdown-button", "aria-haspopup": "true", "aria-expanded": open ? "true" : "false",
        "aria-labelledby": id + "-label " + id, disabled: p.enabled === false,
        onclick: () => { page.openDropdown = open ? null : n.name; render(); },
      }, chosen ? text(chosen.title) : "Select", h("span", { className: "chevron", "aria-hidden": "true" }, "▾")),
      open ? choices(Object.assign({}, n, { error: null }), false, "sheet", () => { page.openDropdown = null; render(); }) : null,
      fieldError(n, id));
  }

  function chips(n) {
    return choices(n, true, "chips");
  }

  function datePicker(n) {
    const p = n.props;
    const id = idOf(n.name);
    const input = h("input", {
      type: "date", id: id, className: "field-input", disabled: p.enabled === false,
      min: isoDate(p["min-date"]) || null, max: isoDate(p["max-date"]) || null,
      "aria-invalid": n.error ? "true" : null, "aria-describedby": describedBy(n, p, id),
      onchange: (ev) => set(n.name, dateValue(ev.target.value)),
    });
    input.value = isoDate(n.value);
    return h("div", { className: "field date" + (n.error ? " invalid" : "") },
      h("label", { for: id }, label(p)), input, helper(p, id), unavailable(p), fieldError(n, id));
  }

  function unavailable(p) {
    const days = Array.isArray(p["unavailable-dates"]) ? p["unavailable-dates"].map(isoDate).filter(Boolean) : [];
    const include = Array.isArray(p["include-days"]) ? p["include-days"] : null;
    const parts = [];
    if (days.length) parts.push("Unavailable: " + days.join(", "));
    if (include && include.length < 7) parts.push("Open on " + include.join(", "));
    return parts.length ? h("p", { className: "helper" }, parts.join(" · ")) : null;
  }

  function calendarPicker(n) {
    const p = n.props;
    if (p.mode !== "range") return datePicker(n);
    const id = idOf(n.name);
    const labels = typeof p.label === "object" && p.label ? p.label : { "start-date": text(p.label), "end-date": "" };
    const helps = typeof p["helper-text"] === "object" && p["helper-text"] ? p["helper-text"] : {};
    const value = typeof n.value === "object" && n.value ? n.value : {};
    const part = (key) => {
      const input = h("input", {
        type: "date", id: idOf(n.name, key), className: "field-input", disabled: p.enabled === false,
        min: isoDate(p["min-date"]) || null, max: isoDate(p["max-date"]) || null,
        onchange: () => {
          const v = {};
          for (const k of ["start-date", "end-date"]) {
            const d = dateValue($(idOf(n.name, k)).value);
            if (d !== null) v[k] = d;
          }
          set(n.name, Object.keys(v).length ? v : null);
        },
      });
      input.value = isoDate(value[key]);
      return h("div", { className: "field" },
        h("label", { for: idOf(n.name, key) }, text(labels[key]) || key), input,
        typeof helps[key] === "string" ? h("p", { className: "helper" }, helps[key]) : null);
    };
    return h("div", { className: "calendar-range" + (n.error ? " invalid" : ""), id: id, role: "group", "aria-label": text(p.title || labels["start-date"]) },
      p.title ? h("p", { className: "range-title" }, text(p.title)) : null,
      p.description ? h("p", { className: "helper" }, text(p.description)) : null,
      h("div", { className: "range-fields" }, part("start-date"), part("end-date")),
      typeof p["min-days"] === "number" || typeof p["max-days"] === "number"
        ? h("p", { className: "helper" }, "Stay of " + (p["min-days"] || 1) + (p["max-days"] ? "–" + p["max-days"] : "+") + " days") : null,
      unavailable(p), fieldError(n, id));
  }

  function optIn(n) {
    const p = n.props;
    const id = idOf(n.name);
    return h("div", { className: "optin" + (n.error ? " invalid" : "") },
      h("input", { type: "checkbox", id: id, checked: n.value === true, "aria-describedby": n.error ? id + "-error" : null,
        onchange: (ev) => set(n.name, ev.target.checked) }),
      h("label", { for: id }, text(p.label)),
      p["on-click-action"] ? h("button", { type: "button", className: "link", onclick: () => press({ link: n.name }) }, "Read more") : null,
      fieldError(n, id));
  }

  function picker(n) {
    const p = n.props;
    const id = idOf(n.name);
    const photo = n.type === "PhotoPicker";
    const max = photo ? p["max-uploaded-photos"] : p["max-uploaded-documents"];
    const accept = photo ? "image/*" : Array.isArray(p["allowed-mime-types"]) ? p["allowed-mime-types"].join(",") : null;
    const files = Array.isArray(n.value) ? n.value : [];
    return h("div", { className: "field picker" + (n.error ? " invalid" : "") },
      h("label", { for: id }, text(p.label)),
      typeof p.description === "string" ? h("p", { className: "helper" }, p.description) : null,
      h("input", {
        type: "file", id: id, className: "file-input", accept: accept, multiple: max !== 1, disabled: p.enabled === false,
        capture: photo && p["photo-source"] === "camera" ? "environment" : null,
        onchange: (ev) => set(n.name, [...ev.target.files].map((f) => ({ file_name: f.name }))),
      }),
      files.length ? h("ul", { className: "files" }, files.map((f) => h("li", {}, text(f.file_name)))) : null,
      fieldError(n, id));
  }

  function image(n) {
    const p = n.props;
    const src = imageURL(p.src);
    const img = h("img", { className: "image", src: src, alt: p["alt-text"] || "" });
    if (typeof p.width === "number") img.style.width = Math.min(p.width, 340) + "px";
    if (typeof p.height === "number") img.style.height = p.height + "px";
    else if (typeof p["aspect-ratio"] === "number" && p["aspect-ratio"] > 0) img.style.aspectRatio = String(p["aspect-ratio"]);
    img.style.objectFit = p["scale-type"] === "cover" ? "cover" : "contain";
    return img;
  }

  function carousel(n) {
    const p = n.props;
    const images = Array.isArray(p.images) ? p.images : [];
    const track = h("div", { className: "carousel-track", tabindex: 0, "aria-label": "Images, scroll sideways" },
      images.map((im, i) => h("figure", { className: "slide" },
        h("img", { src: imageURL(im.src), alt: im["alt-text"] || "Image " + (i + 1) }))));
    track.style.aspectRatio = p["aspect-ratio"] === "16:9" ? "16 / 9" : "4 / 3";
    for (const img of track.querySelectorAll("img")) img.style.objectFit = p["scale-type"] === "cover" ? "cover" : "contain";
    return h("div", { className: "carousel", role: "region", "aria-roledescription": "carousel" }, track,
      images.length > 1 ? h("p", { className: "dots", "aria-hidden": "true" }, images.map(() => "•").join(" ")) : null);
  }

  function navigationList(n) {
    const p = n.props;
    const items = Array.isArray(p["list-items"]) ? p["list-items"] : [];
    const large = p["media-size"] === "large";
    return h("nav", { className: "navlist", "aria-label": text(p.label) || "Options" },
      p.label ? h("h3", { className: "navlist-label" }, text(p.label)) : null,
      p.description ? h("p", { className: "helper" }, text(p.description)) : null,
      h("ul", {}, items.map((it) => {
        const main = it["main-content"] || {};
        const end = it.end || {};
        const start = it.start && imageURL(it.start.image);
        return h("li", {}, h("button", { type: "button", className: "navitem", "data-item": it.id, onclick: () => press({ item: it.id }) },
          start ? h("img", { className: "item-image" + (large ? " large" : ""), src: start, alt: it.start["alt-text"] || "" }) : null,
          h("span", { className: "item-text" },
            h("span", { className: "item-title" }, text(main.title)),
            main.description ? h("span", { className: "item-description" }, text(main.description)) : null,
            main.metadata ? h("span", { className: "item-metadata" }, text(main.metadata)) : null,
            Array.isArray(it.tags) && it.tags.length ? h("span", { className: "tags" }, it.tags.map((t) => h("span", { className: "tag" }, text(t)))) : null),
          it.badge ? h("span", { className: "badge" }, text(it.badge)) : null,
          end.title || end.description || end.metadata ? h("span", { className: "item-end" },
            end.title ? h("span", { className: "item-title" }, text(end.title)) : null,
            end.description ? h("span", { className: "item-description" }, text(end.description)) : null,
            end.metadata ? h("span", { className: "item-metadata" }, text(end.metadata)) : null) : null,
          h("span", { className: "chevron", "aria-hidden": "true" }, "›")));
      })));
  }

  function textComponent(n) {
    const p = n.props;
    const tag = { TextHeading: "h2", TextSubheading: "h3", TextBody: "div", TextCaption: "div", RichText: "div" }[n.type];
    const className = "t-" + n.type.slice(4).toLowerCase() + (n.type === "RichText" ? " rich" : "");
    let content;
    if (n.type === "RichText") content = markdown(p.text, true);
    else if (p.markdown === true) content = markdown(p.text, false);
    else content = n.type === "TextBody" || n.type === "TextCaption" ? h("p", {}, text(p.text)) : text(p.text);
    const e = h(tag, { className: className }, content);
    const weight = p["font-weight"];
    if (weight === "bold" || weight === "bold_italic") e.style.fontWeight = "600";
    if (weight === "italic" || weight === "bold_italic") e.style.fontStyle = "italic";
    if (p.strikethrough === true) e.style.textDecoration = "line-through";
    return e;
  }

  function embeddedLink(n) {
    return h("p", { className: "embedded-link" },
      h("button", { type: "button", className: "link", onclick: () => press({ link: text(n.props.text) }) }, text(n.props.text)));
  }

  const RENDERERS = {
    TextHeading: textComponent, TextSubheading: textComponent, TextBody: textComponent, TextCaption: textComponent,
    RichText: textComponent,
    TextInput: textInput, TextArea: textInput,
    CheckboxGroup: (n) => choices(n, true, "checkboxes"),
    RadioButtonsGroup: (n) => choices(n, false, "radios"),
    Dropdown: dropdown, ChipsSelector: chips,
    DatePicker: datePicker, CalendarPicker: calendarPicker,
    OptIn: optIn, EmbeddedLink: embeddedLink,
    Image: image, ImageCarousel: carousel,
    PhotoPicker: picker, DocumentPicker: picker,
    NavigationList: navigationList,
  };

  // nodes draws a rendered tree; the Footer is drawn apart, pinned under
  // the scrolling body as WhatsApp shows it.
  function nodes(list, out) {
    for (const n of list) {
      if (n.type === "Footer") {
        out.footer = n;
      } else if (n.type === "Form") {
        const form = h("form", { className: "form", onsubmit: (ev) => ev.preventDefault() });
        out.body.push(form);
        const inner = { body: [], footer: out.footer };
        nodes(n.children || [], inner);
        append(form, inner.body);
        out.footer = inner.footer;
      } else if (RENDERERS[n.type]) {
        out.body.push(RENDERERS[n.type](n));
      } else {
        out.body.push(h("p", { className: "unknown" }, "The preview cannot draw a " + n.type + "."));
      }
    }
    return out;
  }

  function footer(n) {
    const p = n.props;
    const left = p["left-caption"], right = p["right-caption"], center = p["center-caption"];
    return [
      left || right ? h("p", { className: "captions" }, h("span", {}, text(left)), h("span", {}, text(right))) : null,
      center ? h("p", { className: "captions center" }, text(center)) : null,
      h("button", { type: "button", id: "footer-button", className: "wa-button", disabled: p.enabled === false || page.walker.view().status !== "open",
        onclick: () => press("footer") }, text(p.label)),
    ];
  }

  // ---------------------------------------------------------------- acting

  function set(name, value) {
    act(() => page.walker.setValue(name, value));
  }

  function press(target) {
    act(() => page.walker.press(target));
  }

  function back() {
    page.openDropdown = null;
    act(() => page.walker.back());
  }

  function say(kind, textValue) {
    page.notice = textValue ? { kind: kind, text: textValue } : null;
    renderNotice();
  }

  // act runs one step of the walk and follows its outcome. A step the
  // flow does not allow (FlowError) is shown, and the walk stays where it
  // was.
  function act(step) {
    let outcome;
    try {
      outcome = step();
    } catch (e) {
      say("error", (e && e.name === "FlowError" ? "The flow refused: " : "The runtime failed: ") + (e && e.message ? e.message : e));
      render();
      return;
    }
    follow(outcome);
  }

  function follow(o) {
    if (o.type === "request") {
      render();
      exchange(o.request);
      return;
    }
    if (o.type === "open_url") say("info", "The phone would open " + o.url);
    else if (o.type === "invalid") say(null, null);
    else if (o.type === "screen" || o.type === "complete" || o.type === "closed") {
      page.openDropdown = null;
      say(null, null);
    }
    render();
  }

  // exchange posts a request of the runtime to the proxy and feeds the
  // answer back. An answer other than 200 leaves the request waiting; the
  // phone offers to send it again, as the client does after an error.
  async function exchange(request) {
    const generation = page.generation;
    const entry = { request: request, report: null, error: null };
    page.exchanges.push(entry);
    page.failure = null;
    renderPanel();
    let report;
    try {
      const res = await fetch("exchange", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(request) });
      const body = await res.json();
      if (!res.ok) throw new Error(body.error ? body.error.message : "HTTP " + res.status);
      report = body;
    } catch (e) {
      report = null;
      entry.error = e.message || String(e);
    }
    if (generation !== page.generation) return;
    entry.report = report;
    if (report && report.status === 200) {
      act(() => page.walker.receive(report.answer));
      return;
    }
    page.failure = entry;
    render();
  }

  function retry() {
    const pending = page.walker.view().pending;
    if (pending) exchange(pending);
  }

  // ------------------------------------------------------------- rendering

  function render() {
    renderPhone();
    renderPanel();
    renderNotice();
  }

  function renderNotice() {
    const box = $("notice");
    box.hidden = !page.notice;
    box.className = "notice " + (page.notice ? page.notice.kind : "");
    fill(box, page.notice ? page.notice.text : "");
  }

  function renderPhone() {
    const focused = document.activeElement && document.activeElement.id ? document.activeElement : null;
    const focus = focused ? { id: focused.id, start: selection(focused, "selectionStart"), end: selection(focused, "selectionEnd") } : null;

    const body = $("screen-body");
    const foot = $("screen-footer");
    const overlay = $("overlay");
    const toast = $("toast");
    if (!page.walker) {
      $("screen-title").textContent = "";
      fill(body, h("p", { className: "unknown" }, page.flowError || "Loading…"));
      foot.hidden = true;
      overlay.hidden = true;
      toast.hidden = true;
      return;
    }
    const v = page.walker.view();
    $("screen-title").textContent = text(v.title);
    const nav = $("nav-button");
    const first = v.stack.length === 0;
    nav.textContent = first ? "×" : "←";
    nav.setAttribute("aria-label", first ? "Close" : "Back");
    nav.disabled = v.status !== "open";

    const drawn = nodes(v.tree, { body: [], footer: null });
    fill(body, ...drawn.body);
    foot.hidden = !drawn.footer;
    fill(foot, ...(drawn.footer ? footer(drawn.footer) : []));
    toast.hidden = !v.message;
    toast.textContent = v.message || "";

    overlay.hidden = v.status === "open";
    overlay.className = "overlay " + v.status;
    if (v.status === "waiting") fill(overlay, waiting(v));
    else if (v.status === "completed") {
      fill(overlay, h("div", { className: "done", role: "status" },
        h("p", { className: "check", "aria-hidden": "true" }, "✓"), h("p", { className: "done-title" }, "Flow completed"),
        h("p", { className: "helper" }, "The completion payload is in the panel."),
        h("button", { type: "button", className: "wa-button", onclick: restart }, "Start again")));
    } else if (v.status === "closed") {
      fill(overlay, h("div", { className: "done", role: "status" }, h("p", { className: "done-title" }, "Flow closed"),
        h("button", { type: "button", className: "wa-button", onclick: restart }, "Start again")));
    }

    if (focus) {
      const again = $(focus.id);
      if (again && again !== document.activeElement) {
        again.focus();
        if (focus.start !== null) {
          try {
            again.setSelectionRange(focus.start, focus.end);
          } catch (e) {
            // inputs of type email or number keep no selection
          }
        }
      }
    }
  }

  function selection(e, key) {
    try {
      return typeof e[key] === "number" ? e[key] : null;
    } catch (err) {
      return null;
    }
  }

  function waiting(v) {
    const f = page.failure;
    const action = v.pending ? v.pending.action : "request";
    if (!f) {
      return h("div", { className: "waiting", role: "status" }, h("span", { className: "spinner", "aria-hidden": "true" }), "Waiting for the endpoint (" + action + ")…");
    }
    const r = f.report;
    return h("div", { className: "failed", role: "alert" },
      h("p", { className: "done-title" }, r ? "Endpoint answered HTTP " + r.status : "The request did not go through"),
      r ? h("p", {}, r.meaning) : h("p", {}, f.error),
      r && r.answer && r.answer.error_msg ? h("p", {}, "error_msg: " + r.answer.error_msg) : null,
      r && r.detail ? h("pre", { className: "detail" }, r.detail) : null,
      h("p", { className: "buttons" },
        h("button", { type: "button", className: "wa-button", onclick: retry }, "Send again"),
        h("button", { type: "button", className: "wa-button secondary", onclick: restart }, "Restart")));
  }

  function renderPanel() {
    const info = $("screen-info");
    const w = page.walker;
    if (!w) {
      fill(info);
      $("screen-data").textContent = "";
      $("form-values").textContent = "";
      fill($("screen-diagnostics"));
      fill($("exchange-log"));
      $("completion-section").hidden = true;
      return;
    }
    const v = w.view();
    const s = w.state();
    const row = (k, val) => [h("dt", {}, k), h("dd", {}, val)];
    fill(info, ...row("Screen", v.screen || "—"), ...row("Status", v.status),
      ...row("Terminal", v.terminal ? "yes" : "no"), ...row("Back leads to", v.stack.length ? v.stack.join(" → ") : "closing the flow"));
    $("screen-data").textContent = pretty(s.data);
    $("form-values").textContent = pretty(s.form);
    $("completion-section").hidden = !v.completion;
    $("completion").textContent = v.completion ? pretty(v.completion) : "";

    const diags = (page.diagnostics && v.screen && page.diagnostics.screens[v.screen]) || [];
    fill($("screen-diagnostics"), ...(diags.length ? diags.map(diagnostic) : [h("li", { className: "muted" }, "None for this screen.")]));

    // The newest exchange shows open; one the reader opened or closed
    // stays as they left it.
    fill($("exchange-log"), ...(page.exchanges.length ? page.exchanges.map((x, i) => {
      const r = x.report;
      const outcome = r ? "HTTP " + r.status : x.error ? "failed" : "waiting…";
      const open = x.open !== undefined ? x.open : i === page.exchanges.length - 1;
      return h("li", {}, h("details", { open: open },
        h("summary", { onclick: (ev) => { x.open = !ev.currentTarget.parentElement.open; } }, x.request.action + (x.request.screen ? " from " + x.request.screen : "") + " → " + outcome),
        h("h4", {}, "Request"), h("pre", {}, pretty(x.request)),
        r && r.answer ? [h("h4", {}, "Answer"), h("pre", {}, pretty(r.answer))] : null,
        r && r.status !== 200 ? h("p", {}, (r.code ? r.code + ": " : "") + r.meaning) : null,
        r && r.detail ? h("pre", { className: "detail" }, r.detail) : null,
        x.error ? h("p", { className: "field-error" }, x.error) : null));
    }) : [h("li", { className: "muted" }, "No data exchange yet.")]));
  }

  function diagnostic(d) {
    return h("li", { className: "diag " + d.severity },
      h("span", { className: "severity" }, d.severity), " ", h("code", {}, d.code), " ",
      h("span", { className: "where" }, d.line + ":" + d.column + " " + d.pointer), h("br"), d.message);
  }

  function renderFlowDiagnostics() {
    const box = $("flow-diagnostics");
    const d = page.diagnostics;
    if (!d) {
      box.hidden = true;
      return;
    }
    const summary = d.errors + " error" + (d.errors === 1 ? "" : "s") + ", " + d.warnings + " warning" + (d.warnings === 1 ? "" : "s");
    box.hidden = false;
    box.className = "flow-diagnostics" + (d.errors ? " has-errors" : "");
    fill(box, h("p", {}, "Validator: " + summary + (d.errors ? " — WhatsApp would refuse this flow." : ".")),
      d.flow.length ? h("ul", {}, d.flow.map(diagnostic)) : null);
  }

  // ------------------------------------------------------------- life cycle

  async function getJSON(url) {
    const res = await fetch(url, { cache: "no-store" });
    const body = await res.json();
    if (!res.ok) throw new Error(body.error ? body.error.message : url + ": HTTP " + res.status);
    return body;
  }

  // load fetches the flow, its diagnostics and its version, then starts
  // the flow afresh.
  async function load() {
    const [version, diagnostics, flowText] = await Promise.all([
      getJSON("version"), getJSON("diagnostics.json"),
      fetch("flow.json", { cache: "no-store" }).then((r) => r.text()),
    ]);
    page.version = version;
    page.diagnostics = diagnostics;
    try {
      page.flow = JSON.parse(flowText);
      page.flowError = null;
    } catch (e) {
      page.flow = null;
      page.flowError = "The Flow JSON does not parse: " + e.message;
    }
    const v = page.flow && /^(\d+)\.(\d+)$/.exec(String(page.flow.version));
    page.legacyDates = !!v && Number(v[1]) < 5;
    $("flow-name").textContent = version.name;
    $("endpoint-info").textContent = version.endpoint;
    document.title = version.name + " — waflow preview";
    renderFlowDiagnostics();
    restart();
  }

  function restart() {
    page.generation++;
    page.exchanges = [];
    page.failure = null;
    page.openDropdown = null;
    page.notice = null;
    page.walker = null;
    if (page.flow) {
      try {
        page.walker = WaflowRuntime.create(page.flow, { flowToken: page.version.flow_token });
      } catch (e) {
        page.flowError = "The runtime cannot walk this flow: " + e.message;
      }
    }
    if (page.walker) act(() => page.walker.start());
    else render();
  }

  async function poll() {
    try {
      const v = await getJSON("version");
      if (page.version && v.version !== page.version.version) {
        await load();
        $("reload-status").textContent = "Reloaded at " + new Date().toLocaleTimeString();
      } else if ($("reload-status").dataset.offline) {
        $("reload-status").textContent = "";
      }
      delete $("reload-status").dataset.offline;
    } catch (e) {
      $("reload-status").textContent = "Server unreachable: " + e.message;
      $("reload-status").dataset.offline = "1";
    }
    setTimeout(poll, POLL_MS);
  }

  document.addEventListener("DOMContentLoaded", () => {
    $("nav-button").addEventListener("click", back);
    $("restart").addEventListener("click", restart);
    load().catch((e) => {
      page.flowError = "The preview cannot load the flow: " + e.message;
      render();
    }).finally(() => setTimeout(poll, POLL_MS));
  });
})();
