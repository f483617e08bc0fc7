/* Örat sandbox – the browser side of a small Slack look-alike.
 *
 * The server drives the real bot; this page only renders the JSON from /sandbox/state and posts
 * what the person does. Plain ES2020, no build step, no external resources (offline machine).
 *
 * Safety rule for the whole file: text from the bot or from people is never assigned as HTML.
 * Everything is built with DOM nodes (textContent / createTextNode).
 */
"use strict";

const POLL_MS = 1500;
const TOAST_MS = 6000;
const SUGGEST_DELAY_MS = 200;

const ui = {
  user: null, // person id we act as; null until the first state tells us who "me" is
  state: null,
  selected: null, // conversation id, or HOME
  keys: {}, // last rendered JSON per region: only rebuild DOM when something changed
  modals: new Map(), // view id → {key, el, body, respErrors}; lives across polls so inputs survive
  pickConversation: false, // a person was just chosen: open where their unread work waits
  requestSeq: 0, // every state request gets a number; older answers never overwrite newer ones
  appliedSeq: 0,
  pollTimer: null,
  toastTimer: null,
};
const HOME = "__home__";
let uid = 0;
const nextId = (prefix) => `${prefix}-${++uid}`;

// --------------------------------------------------------------------------------- DOM helper
/** h("div", {class: "x", "data-testid": "y", onclick: fn}, child, "text", …) – text children
 *  become text nodes, so nothing here ever parses HTML. */
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k === "text") el.textContent = v;
    else if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const $ = (id) => document.getElementById(id);

// --------------------------------------------------------------------------------------- API
/* The sandbox's per-start key, put into this page by the server. Every request carries it: the
 * server refuses requests without it, and another site's page can neither read it nor send it. */
const TOKEN = document.querySelector('meta[name="orat-sandbox-token"]')?.content || "";

async function api(path, body) {
  const headers = { "X-Orat-Sandbox-Token": TOKEN };
  const init =
    body === undefined
      ? { method: "GET", cache: "no-store", headers }
      : {
          method: "POST",
          headers: { ...headers, "Content-Type": "application/json" },
          body: JSON.stringify(body),
        };
  const res = await fetch(path, { ...init, mode: "same-origin", credentials: "same-origin" });
  let data = null;
  try {
    data = await res.json();
  } catch (_) {
    /* an empty or non-JSON answer is reported below by status */
  }
  if (!res.ok || (data && data.ok === false)) {
    throw new Error((data && data.error) || `Sandlådan svarade med fel (HTTP ${res.status}).`);
  }
  return data || {};
}

/** Every POST: report a failure as a toast, then fetch the new state at once. */
async function post(path, body) {
  try {
    return await api(path, body);
  } catch (err) {
    toast(err.message, "error");
    return null;
  } finally {
    refresh();
  }
}

async function refresh() {
  const seq = ++ui.requestSeq;
  const user = ui.user;
  const params = new URLSearchParams();
  if (user) params.set("user", user);
  // The conversation on screen counts as read for this person (the server keeps unread counts).
  if (user && ui.selected && ui.selected !== HOME) params.set("viewing", ui.selected);
  const query = params.toString() ? `?${params}` : "";
  try {
    const state = await api(`/sandbox/state${query}`);
    // A slow answer to an older request (or for a person we no longer are) is dropped.
    if (seq < ui.appliedSeq || user !== ui.user) return;
    ui.appliedSeq = seq;
    setConnection(true);
    apply(state);
  } catch (err) {
    // A remembered person the server no longer knows: fall back to the server's default.
    if (user && !ui.state) ui.user = null;
    setConnection(false, err.message);
  }
}

function setConnection(ok, message) {
  const el = $("connection");
  el.hidden = ok;
  el.textContent = ok ? "" : `Ingen kontakt med sandlådan – försöker igen … (${message})`;
}

// ------------------------------------------------------------------------------------ toast
function toast(message, kind = "info") {
  const el = $("toast");
  el.textContent = message;
  el.className = `toast toast-${kind}`;
  el.hidden = false;
  clearTimeout(ui.toastTimer);
  ui.toastTimer = setTimeout(() => {
    el.hidden = true;
  }, TOAST_MS);
}

// ------------------------------------------------------------------------------------ mrkdwn
const EMOJI = {
  rotating_light: "🚨", warning: "⚠️", white_check_mark: "✅", heavy_check_mark: "✔️", question: "❓",
  grey_question: "❔", exclamation: "❗", information_source: "ℹ️", repeat: "🔁", tada: "🎉",
  calendar: "📅", date: "📅", spiral_calendar_pad: "🗓️", bell: "🔔", fire: "🔥", red_circle: "🔴",
  large_green_circle: "🟢", large_yellow_circle: "🟡", large_blue_circle: "🔵", white_circle: "⚪",
  leftwards_arrow_with_hook: "↩️", arrow_right: "➡️", arrow_left: "⬅️", arrows_counterclockwise: "🔄",
  triangular_flag_on_post: "🚩", no_entry_sign: "🚫", no_entry: "⛔", link: "🔗", hourglass: "⌛",
  hourglass_flowing_sand: "⏳", alarm_clock: "⏰", clock: "🕒", round_pushpin: "📍", pushpin: "📌",
  memo: "📝", pencil: "📝", pencil2: "✏️", mag: "🔍", lock: "🔒", unlock: "🔓", handshake: "🤝",
  eyes: "👀", clipboard: "📋", pill: "💊", hammer: "🔨", busts_in_silhouette: "👥",
  bust_in_silhouette: "👤", bulb: "💡", school: "🏫", house: "🏠", police_car: "🚓", cop: "👮",
  ambulance: "🚑", car: "🚗", bike: "🚲", bicycle: "🚲", wastebasket: "🗑️", broken_heart: "💔",
  speech_balloon: "💬", email: "📧", envelope: "✉️", inbox_tray: "📥", outbox_tray: "📤",
  bar_chart: "📊", chart_with_upwards_trend: "📈", page_facing_up: "📄", file_folder: "📁",
  paperclip: "📎", x: "❌", heavy_multiplication_x: "✖️", heavy_plus_sign: "➕", star: "⭐",
  sparkles: "✨", wave: "👋", thumbsup: "👍", "+1": "👍", thumbsdown: "👎", "-1": "👎", ok_hand: "👌",
  pray: "🙏", raised_hands: "🙌", clap: "👏", smile: "😄", slightly_smiling_face: "🙂",
  thinking_face: "🤔", construction: "🚧", stop_sign: "🛑", zap: "⚡", checkered_flag: "🏁",
  hourglass_done: "⌛", bookmark: "🔖", label: "🏷️", key: "🔑", shield: "🛡️", gear: "⚙️",
  point_right: "👉", point_down: "👇", hand: "✋", raising_hand: "🙋", sos: "🆘", heart: "❤️",
  mega: "📣", loudspeaker: "📢",
};

function emojify(text) {
  return text.replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] || m);
}

// Slack escapes exactly these three in mrkdwn; anything else stays as typed.
function decodeEntities(text) {
  return text.replace(/&(amp|lt|gt);/g, (m, e) => ({ amp: "&", lt: "<", gt: ">" })[e]);
}

/** Text with newlines as <br>; `emoji` turns :shortcodes: into characters. */
function textWithBreaks(text, emoji) {
  const out = [];
  text.split("\n").forEach((line, i) => {
    if (i) out.push(h("br"));
    if (line) out.push(document.createTextNode(emoji ? emojify(line) : line));
  });
  return out;
}

function personName(id) {
  const p = (ui.state?.people || []).find((x) => x.id === id);
  return p ? p.name : null;
}

function conversationName(id) {
  const c = (ui.state?.conversations || []).find((x) => x.id === id);
  return c ? c.name : null;
}

const SAFE_URL = /^(https?:|mailto:|tel:)/i; // never javascript: or data:

/** One `<…>` control sequence: a mention, a channel, @here, or a link. */
function controlNode(inner) {
  const bar = inner.indexOf("|");
  const target = bar >= 0 ? inner.slice(0, bar) : inner;
  const label = bar >= 0 ? decodeEntities(inner.slice(bar + 1)) : null;
  if (target.startsWith("@")) {
    const id = target.slice(1);
    return h("span", { class: "mention", "data-user": id }, `@${personName(id) || label || id}`);
  }
  if (target.startsWith("#")) {
    const id = target.slice(1);
    return h("span", { class: "mention channel-mention" }, `#${label || conversationName(id) || id}`);
  }
  if (target.startsWith("!")) {
    const name = target.slice(1);
    if (["here", "channel", "everyone"].includes(name)) return h("span", { class: "mention" }, `@${name}`);
    // !date^…|fallback, !subteam^…|@handle: the label is what Slack would show
    return h("span", { class: "mention" }, label || name);
  }
  const url = decodeEntities(target);
  if (!SAFE_URL.test(url)) return document.createTextNode(label || url);
  return h("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, emojify(label || url));
}

// Bold/italic/strike: the marker must not touch a letter or digit outside, nor a space inside
// (as in Slack: snake_case and 2*3*4 are not formatting). Never spans lines.
const STYLE_RE = /(?<![\p{L}\p{N}\\])([*_~])(?!\s)((?:(?!\1).)+?)(?<!\s)\1(?![\p{L}\p{N}])/u;
const STYLE_TAG = { "*": "strong", _: "em", "~": "del" };
const ATOM_BASE = 0xe000;

/** Inline mrkdwn of one run of text. Control sequences and `code` are cut out first as
 *  private-use placeholders, so formatting markers inside them are never interpreted. */
function inlineNodes(src) {
  const atoms = [];
  const marked = src
    .replace(/[\ue000-\uf8ff]/g, "\ufffd")
    .replace(/`([^`\n]+)`|<([^<>\n]+)>/g, (m, code, ctrl) => {
      atoms.push(code !== undefined ? { code } : { ctrl });
      return String.fromCharCode(ATOM_BASE + atoms.length - 1);
    });
  return styled(marked, atoms);
}

function styled(text, atoms) {
  const out = [];
  let rest = text;
  for (;;) {
    const m = STYLE_RE.exec(rest);
    if (!m) break;
    out.push(...plainRun(rest.slice(0, m.index), atoms));
    out.push(h(STYLE_TAG[m[1]], null, styled(m[2], atoms)));
    rest = rest.slice(m.index + m[0].length);
  }
  out.push(...plainRun(rest, atoms));
  return out;
}

function plainRun(text, atoms) {
  const out = [];
  for (const part of text.split(/([\ue000-\uf8ff])/)) {
    if (!part) continue;
    const code = part.charCodeAt(0);
    if (part.length === 1 && code >= ATOM_BASE && code <= 0xf8ff) {
      const atom = atoms[code - ATOM_BASE];
      out.push(atom.code !== undefined ? h("code", null, decodeEntities(atom.code)) : controlNode(atom.ctrl));
    } else {
      out.push(...textWithBreaks(decodeEntities(part), true));
    }
  }
  return out;
}

/** Slack mrkdwn → DOM nodes: ```pre```, "> quote" lines, then inline formatting. */
function mrkdwnNodes(text) {
  const out = [];
  const pieces = String(text ?? "").split(/```/);
  pieces.forEach((piece, i) => {
    const isPre = i % 2 === 1 && i < pieces.length - 1; // an unclosed ``` stays literal
    if (isPre) {
      out.push(h("pre", { class: "mrkdwn-pre" }, decodeEntities(piece.replace(/^\n/, ""))));
      return;
    }
    if (i % 2 === 1) piece = "```" + piece;
    out.push(...quoteAndLines(piece));
  });
  return out;
}

function quoteAndLines(text) {
  const out = [];
  const lines = text.split("\n");
  let run = [];
  let quote = [];
  let quoteAll = false; // "&gt;&gt;&gt;" quotes the rest of the message
  const flushRun = () => {
    if (run.length) out.push(...inlineNodes(run.join("\n")));
    run = [];
  };
  const flushQuote = () => {
    if (quote.length) out.push(h("blockquote", null, inlineNodes(quote.join("\n"))));
    quote = [];
  };
  for (const line of lines) {
    const triple = /^(&gt;|>){3}\s?/.exec(line);
    const single = /^(&gt;|>)\s?/.exec(line);
    if (quoteAll || triple) {
      flushRun();
      quoteAll = true;
      quote.push(triple ? line.slice(triple[0].length) : line);
    } else if (single) {
      flushRun();
      quote.push(line.slice(single[0].length));
    } else {
      flushQuote();
      run.push(line);
    }
  }
  flushRun();
  flushQuote();
  return out;
}

/** A Block Kit text object (mrkdwn or plain_text) as a span. */
function textNode(obj, cls = "") {
  const span = h("span", { class: `bk-text ${cls}`.trim() });
  if (!obj) return span;
  if (typeof obj === "string") {
    span.append(...textWithBreaks(obj, false));
  } else if (obj.type === "mrkdwn") {
    span.classList.add("mrkdwn");
    span.append(...mrkdwnNodes(obj.text));
  } else {
    span.append(...textWithBreaks(String(obj.text ?? ""), obj.emoji === true));
  }
  return span;
}

const plainText = (obj) => (obj && typeof obj === "object" ? String(obj.text ?? "") : String(obj ?? ""));
const plainLabel = (obj) => {
  const t = plainText(obj);
  return obj && obj.emoji === true ? emojify(t) : t;
};

// --------------------------------------------------------------------------------- Block Kit
/* ctx describes where blocks live, so interactions can be sent with the right source:
 *   {kind: "message", channel, ts} | {kind: "view", viewId, root} | {kind: "home", root}
 * `root` is filled in after building (the element to collect view.state.values from). */

function renderBlocks(blocks, ctx) {
  const frag = document.createDocumentFragment();
  (blocks || []).forEach((block, i) => {
    try {
      frag.append(renderBlock(block, i, ctx));
    } catch (err) {
      // One odd block must not take the page down; show it as a note instead.
      console.warn("block not rendered", block, err);
      frag.append(h("div", { class: "bk-block bk-unknown" }, `[Blocket kunde inte visas: ${err.message}]`));
    }
  });
  return frag;
}

function renderBlock(block, index, ctx) {
  // Slack gives blocks without a block_id a generated one; ours is stable for the same layout.
  const blockId = block.block_id || `auto_${index}`;
  const wrap = h("div", { class: `bk-block bk-block-${block.type}`, "data-block-id": blockId });
  switch (block.type) {
    case "section": {
      const main = h("div", { class: "bk-section-main" });
      if (block.text) main.append(textNode(block.text, "bk-section-text"));
      if (block.fields?.length) {
        main.append(h("div", { class: "bk-fields" }, block.fields.map((f) => h("div", { class: "bk-field" }, textNode(f)))));
      }
      wrap.append(main);
      if (block.accessory) {
        wrap.append(
          h("div", { class: "bk-accessory" }, renderElement(block.accessory, ctx, { blockId, dispatch: true, index: 0 }))
        );
      }
      break;
    }
    case "header":
      wrap.append(h("h3", { class: "bk-header-text" }, textNode(block.text)));
      break;
    case "context":
      for (const el of block.elements || []) {
        if (el.type === "image") {
          wrap.append(h("img", { class: "bk-context-image", src: el.image_url, alt: el.alt_text || "" }));
        } else {
          wrap.append(textNode(el, "bk-context-text"));
        }
      }
      break;
    case "divider":
      wrap.append(h("hr"));
      break;
    case "actions":
      (block.elements || []).forEach((el, i) => wrap.append(renderElement(el, ctx, { blockId, dispatch: true, index: i })));
      break;
    case "input":
      renderInput(block, blockId, wrap, ctx);
      break;
    case "image":
      if (block.title) wrap.append(h("div", { class: "bk-image-title" }, textNode(block.title)));
      wrap.append(h("img", { class: "bk-image-img", src: block.image_url, alt: block.alt_text || "" }));
      break;
    case "rich_text":
      wrap.append(richText(block));
      break;
    default:
      wrap.append(h("div", { class: "bk-unknown" }, `[Blocktypen ”${block.type}” visas inte i sandlådan]`));
  }
  return wrap;
}

function renderInput(block, blockId, wrap, ctx) {
  const controlId = nextId("in");
  const labelId = nextId("lbl");
  const hintId = block.hint ? nextId("hint") : null;
  const el = block.element || {};
  const grouped = el.type === "checkboxes" || el.type === "radio_buttons";
  // Groups get their label through aria-labelledby; single controls through <label for>.
  const label = h(grouped ? "div" : "label", { class: "bk-label", id: labelId, for: grouped ? null : controlId },
    plainLabel(block.label),
    block.optional ? h("span", { class: "bk-optional" }, " (frivilligt)") : null
  );
  wrap.append(label);
  wrap.append(
    renderElement(el, ctx, {
      blockId,
      dispatch: block.dispatch_action === true,
      inInput: true,
      controlId,
      labelId,
      describedBy: hintId,
      index: 0,
    })
  );
  if (block.hint) wrap.append(h("div", { class: "bk-hint", id: hintId }, textNode(block.hint)));
}

/** Minimal rich_text (what Slack stores for typed messages), in case the server sends it. */
function richText(block) {
  const out = h("div", { class: "bk-rich" });
  const inline = (els) =>
    (els || []).map((e) => {
      if (e.type === "text") {
        let n = h("span", null, textWithBreaks(e.text || "", false));
        if (e.style?.code) n = h("code", null, n);
        if (e.style?.bold) n = h("strong", null, n);
        if (e.style?.italic) n = h("em", null, n);
        if (e.style?.strike) n = h("del", null, n);
        return n;
      }
      if (e.type === "user") return h("span", { class: "mention" }, `@${personName(e.user_id) || e.user_id}`);
      if (e.type === "channel") return h("span", { class: "mention" }, `#${conversationName(e.channel_id) || e.channel_id}`);
      if (e.type === "link") return controlNode(`${e.url}|${e.text || e.url}`);
      if (e.type === "emoji") return EMOJI[e.name] || `:${e.name}:`;
      return "";
    });
  for (const part of block.elements || []) {
    if (part.type === "rich_text_preformatted") out.append(h("pre", { class: "mrkdwn-pre" }, inline(part.elements)));
    else if (part.type === "rich_text_quote") out.append(h("blockquote", null, inline(part.elements)));
    else if (part.type === "rich_text_list") out.append(h("ul", null, (part.elements || []).map((s) => h("li", null, inline(s.elements)))));
    else out.append(h("div", null, inline(part.elements)));
  }
  return out;
}

// ---- elements
/* `where`: {blockId, dispatch (send block_actions on change), inInput, controlId, labelId,
 *  describedBy, index}. Stateful elements get class "bk-stateful" and an `_bk` record with
 *  get() → the element's entry in view.state.values and set(entry) to restore it. */

const optionPayload = (opt) => (opt ? { text: opt.text, value: opt.value, ...(opt.description ? { description: opt.description } : {}) } : null);

function flatOptions(el) {
  if (el.options) return el.options;
  return (el.option_groups || []).flatMap((g) => g.options || []);
}

function sendAction(ctx, action) {
  let source;
  if (ctx.kind === "message") source = { kind: "message", channel: ctx.channel, ts: ctx.ts };
  else if (ctx.kind === "view") source = { kind: "view", view_id: ctx.viewId };
  else source = { kind: "home" };
  const body = { user: ui.user, source, action };
  if (ctx.kind === "view" && ctx.root) body.values = collectValues(ctx.root);
  return post("/sandbox/action", body);
}

function stateful(node, record) {
  node.classList.add("bk-stateful");
  node._bk = record;
  return node;
}

function renderElement(el, ctx, where) {
  const actionId = el.action_id || `auto_${where.blockId}_${where.index || 0}`;
  const base = { action_id: actionId, block_id: where.blockId, type: el.type };
  const dispatch = (extra) => {
    if (where.dispatch) sendAction(ctx, { ...base, ...extra });
  };
  const common = {
    "data-action-id": actionId,
    id: where.controlId,
    "aria-describedby": where.describedBy,
  };
  switch (el.type) {
    case "button":
      return buttonElement(el, ctx, base, common);
    case "static_select":
      return staticSelect(el, where, base, common, dispatch, flatOptions(el));
    case "users_select":
      return usersSelect(el, where, base, common, dispatch);
    case "external_select":
      return externalSelect(el, ctx, where, base, common, dispatch);
    case "overflow":
      return overflowMenu(el, ctx, base, common);
    case "datepicker":
    case "timepicker":
      return picker(el, where, base, common, dispatch);
    case "checkboxes":
    case "radio_buttons":
      return optionGroup(el, where, base, dispatch);
    case "plain_text_input":
      return textInput(el, where, base, common, dispatch);
    case "image":
      return h("img", { class: "bk-accessory-image", src: el.image_url, alt: el.alt_text || "" });
    case "file_input":
      // The sandbox keeps no files: a report filed here simply has no photos.
      return h("span", { class: "bk-unknown" }, "Bilder kan inte bifogas i sandlådan.");
    default:
      return h("span", { class: "bk-unknown" }, `[Elementet ”${el.type}” visas inte i sandlådan]`);
  }
}

function buttonElement(el, ctx, base, common) {
  const cls = `bk-button${el.style ? ` bk-button-${el.style}` : ""}`;
  const btn = h("button", { ...common, type: "button", class: cls, "data-value": el.value ?? "" }, plainLabel(el.text));
  btn.addEventListener("click", () => {
    if (el.url) window.open(el.url, "_blank", "noopener");
    // Buttons always send block_actions, wherever they are (even with a url, like Slack).
    sendAction(ctx, { ...base, value: el.value, text: el.text });
  });
  return btn;
}

function selectShell(where, common, placeholder) {
  const select = h("select", {
    ...common,
    class: "bk-select",
    "aria-label": where.inInput ? null : placeholder || "Välj",
  });
  select.append(h("option", { value: "", disabled: true }, placeholder || "Välj …"));
  return select;
}

function staticSelect(el, where, base, common, dispatch, options) {
  const select = selectShell(where, common, plainLabel(el.placeholder) || "Välj ett alternativ");
  const byValue = new Map();
  const optionNode = (opt) => {
    byValue.set(opt.value, opt);
    return h("option", { value: opt.value, "data-value": opt.value }, plainLabel(opt.text));
  };
  if (el.option_groups) {
    for (const g of el.option_groups) {
      select.append(h("optgroup", { label: plainLabel(g.label) }, (g.options || []).map(optionNode)));
    }
  } else {
    select.append(...(el.options || []).map(optionNode));
  }
  select.value = el.initial_option?.value ?? "";
  if (select.selectedIndex < 0) select.value = "";
  const selected = () => (select.value ? byValue.get(select.value) || null : null);
  select.addEventListener("change", () => dispatch({ selected_option: optionPayload(selected()) }));
  return stateful(select, {
    ...ids(base),
    get: () => ({ type: el.type, selected_option: optionPayload(selected()) }),
    set: (v) => {
      select.value = v.selected_option?.value ?? "";
      if (select.selectedIndex < 0) select.value = "";
    },
  });
}

function usersSelect(el, where, base, common, dispatch) {
  const select = selectShell(where, common, plainLabel(el.placeholder) || "Välj en person");
  for (const p of ui.state?.people || []) {
    select.append(h("option", { value: p.id, "data-value": p.id }, p.title ? `${p.name} – ${p.title}` : p.name));
  }
  select.value = el.initial_user ?? "";
  if (select.selectedIndex < 0) select.value = "";
  select.addEventListener("change", () => dispatch({ selected_user: select.value || null }));
  return stateful(select, {
    ...ids(base),
    get: () => ({ type: "users_select", selected_user: select.value || null }),
    set: (v) => {
      select.value = v.selected_user ?? "";
      if (select.selectedIndex < 0) select.value = "";
    },
  });
}

const ids = (base) => ({ blockId: base.block_id, actionId: base.action_id, type: base.type });

/** A real <select> showing "⋯"; choosing an option sends it and the menu goes back to "⋯". */
function overflowMenu(el, ctx, base, common) {
  const select = h("select", { ...common, class: "bk-overflow", "aria-label": "Fler alternativ", title: "Fler alternativ" });
  select.append(h("option", { value: "" }, "⋯"));
  const byValue = new Map();
  for (const opt of el.options || []) {
    byValue.set(opt.value, opt);
    select.append(h("option", { value: opt.value, "data-value": opt.value }, plainLabel(opt.text)));
  }
  select.addEventListener("change", () => {
    const opt = byValue.get(select.value);
    select.value = "";
    if (opt) {
      if (opt.url) window.open(opt.url, "_blank", "noopener");
      sendAction(ctx, { ...base, selected_option: optionPayload(opt) });
    }
  });
  return select;
}

function picker(el, where, base, common, dispatch) {
  const isDate = el.type === "datepicker";
  const input = h("input", {
    ...common,
    type: isDate ? "date" : "time",
    class: "bk-picker",
    "aria-label": where.inInput ? null : plainLabel(el.placeholder) || (isDate ? "Välj datum" : "Välj tid"),
  });
  input.value = (isDate ? el.initial_date : el.initial_time) || "";
  const field = isDate ? "selected_date" : "selected_time";
  input.addEventListener("change", () => dispatch({ [field]: input.value || null }));
  return stateful(input, {
    ...ids(base),
    get: () => ({ type: el.type, [field]: input.value || null }),
    set: (v) => {
      input.value = v[field] || "";
    },
  });
}

function optionGroup(el, where, base, dispatch) {
  const multi = el.type === "checkboxes";
  const name = nextId("grp");
  const group = h("div", {
    class: `bk-options ${multi ? "bk-checkboxes" : "bk-radios"}`,
    role: multi ? "group" : "radiogroup",
    "data-action-id": base.action_id,
    "aria-labelledby": where.labelId,
    "aria-describedby": where.describedBy,
  });
  const initial = new Set(
    multi ? (el.initial_options || []).map((o) => o.value) : el.initial_option ? [el.initial_option.value] : []
  );
  const inputs = [];
  for (const opt of el.options || []) {
    const id = nextId("opt");
    const input = h("input", { type: multi ? "checkbox" : "radio", id, name, value: opt.value, "data-value": opt.value });
    input.checked = initial.has(opt.value);
    inputs.push([input, opt]);
    group.append(
      h("div", { class: "bk-option" },
        input,
        h("label", { for: id },
          textNode(opt.text),
          opt.description ? h("span", { class: "bk-option-desc" }, textNode(opt.description)) : null
        )
      )
    );
  }
  const chosen = () => inputs.filter(([i]) => i.checked).map(([, o]) => optionPayload(o));
  group.addEventListener("change", () =>
    dispatch(multi ? { selected_options: chosen() } : { selected_option: chosen()[0] || null })
  );
  return stateful(group, {
    ...ids(base),
    get: () => (multi ? { type: el.type, selected_options: chosen() } : { type: el.type, selected_option: chosen()[0] || null }),
    set: (v) => {
      const keep = new Set(multi ? (v.selected_options || []).map((o) => o.value) : v.selected_option ? [v.selected_option.value] : []);
      for (const [i, o] of inputs) i.checked = keep.has(o.value);
    },
  });
}

function textInput(el, where, base, common, dispatch) {
  const attrs = {
    ...common,
    class: el.multiline ? "bk-textarea" : "bk-textbox",
    maxlength: el.max_length,
    placeholder: el.placeholder ? plainLabel(el.placeholder) : null,
    "aria-label": where.inInput ? null : plainLabel(el.placeholder) || "Text",
  };
  const input = el.multiline ? h("textarea", { ...attrs, rows: 4 }) : h("input", { ...attrs, type: "text" });
  input.value = el.initial_value || "";
  const wrap = h("div", { class: "bk-text-wrap" }, input);
  if (el.max_length) {
    // Like Slack: the count shows up once you are close to the limit.
    const counter = h("div", { class: "bk-counter", "aria-live": "polite" });
    const update = () => {
      const left = el.max_length - input.value.length;
      counter.textContent = left < Math.min(100, el.max_length / 5) ? `${input.value.length}/${el.max_length}` : "";
    };
    input.addEventListener("input", update);
    update();
    wrap.append(counter);
  }
  const triggers = el.dispatch_action_config?.trigger_actions_on || ["on_enter_pressed"];
  if (triggers.includes("on_enter_pressed")) {
    input.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey && !e.isComposing && where.dispatch) {
        e.preventDefault();
        dispatch({ value: input.value });
      }
    });
  }
  if (triggers.includes("on_character_entered")) {
    let timer = null;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => dispatch({ value: input.value }), 400);
    });
  }
  return stateful(wrap, {
    ...ids(base),
    get: () => ({ type: "plain_text_input", value: input.value === "" ? null : input.value }),
    set: (v) => {
      input.value = v.value ?? "";
      input.dispatchEvent(new Event("input")); // refresh the counter (never dispatches: value unchanged)
    },
  });
}

/** external_select: a combobox – a text box that asks /sandbox/suggest as you type (and with ""
 *  when it gets focus), and a list of options with data-value. */
function externalSelect(el, ctx, where, base, common, dispatch) {
  let selected = el.initial_option || null;
  let options = [];
  let active = -1;
  let seq = 0;
  let timer = null;
  const listId = nextId("list");
  const input = h("input", {
    ...common,
    type: "text",
    class: "bk-textbox bk-external-input",
    role: "combobox",
    autocomplete: "off",
    "aria-autocomplete": "list",
    "aria-expanded": "false",
    "aria-controls": listId,
    placeholder: plainLabel(el.placeholder) || "Sök …",
    "aria-label": where.inInput ? null : plainLabel(el.placeholder) || "Sök",
  });
  input.value = selected ? plainLabel(selected.text) : "";
  const list = h("ul", { class: "bk-external-list", id: listId, role: "listbox", hidden: true });
  const wrap = h("div", { class: "bk-external" }, input, list);

  const open = (yes) => {
    list.hidden = !yes;
    input.setAttribute("aria-expanded", String(yes));
  };
  const choose = (opt) => {
    selected = opt;
    input.value = plainLabel(opt.text);
    open(false);
    dispatch({ selected_option: optionPayload(opt) });
  };
  const highlight = (i) => {
    active = i;
    list.querySelectorAll("[role=option]").forEach((li, j) => {
      li.classList.toggle("active", j === i);
      li.setAttribute("aria-selected", String(j === i));
      if (j === i) {
        input.setAttribute("aria-activedescendant", li.id);
        li.scrollIntoView({ block: "nearest" });
      }
    });
  };
  const show = (answer) => {
    list.replaceChildren();
    options = [];
    const addOption = (opt) => {
      const li = h("li", { role: "option", id: nextId("o"), "data-value": opt.value, class: "bk-external-option" }, plainLabel(opt.text));
      const index = options.push(opt) - 1;
      // mousedown, not click: the input would lose focus (and close the list) first
      li.addEventListener("mousedown", (e) => {
        e.preventDefault();
        choose(options[index]);
      });
      list.append(li);
    };
    if (answer.option_groups) {
      for (const g of answer.option_groups) {
        if (!(g.options || []).length) continue;
        list.append(h("li", { role: "presentation", class: "bk-external-group" }, plainLabel(g.label)));
        g.options.forEach(addOption);
      }
    } else {
      (answer.options || []).forEach(addOption);
    }
    if (!options.length) list.append(h("li", { class: "bk-external-empty", role: "presentation" }, "Inga träffar"));
    active = -1;
    open(true);
  };
  const ask = async (value) => {
    const mine = ++seq;
    try {
      const answer = await api("/sandbox/suggest", {
        user: ui.user,
        view_id: ctx.kind === "view" ? ctx.viewId : null,
        action_id: base.action_id,
        block_id: base.block_id,
        value,
      });
      if (mine === seq && document.activeElement === input) show(answer);
    } catch (err) {
      if (mine === seq) toast(err.message, "error");
    }
  };
  input.addEventListener("focus", () => {
    input.select();
    ask("");
  });
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const value = input.value;
    if (value.length < (el.min_query_length ?? 0)) return;
    timer = setTimeout(() => ask(value), SUGGEST_DELAY_MS);
  });
  input.addEventListener("keydown", (e) => {
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (list.hidden) return ask(input.value);
      const step = e.key === "ArrowDown" ? 1 : -1;
      highlight(Math.max(0, Math.min(options.length - 1, active + step)));
    } else if (e.key === "Enter") {
      if (!list.hidden && options.length) {
        e.preventDefault();
        choose(options[active >= 0 ? active : 0]);
      }
    } else if (e.key === "Escape" && !list.hidden) {
      e.stopPropagation(); // close the list, not the modal
      open(false);
    }
  });
  input.addEventListener("blur", () => {
    // Leaving without choosing keeps the earlier choice, as in Slack.
    open(false);
    input.value = selected ? plainLabel(selected.text) : "";
  });
  return stateful(wrap, {
    ...ids(base),
    get: () => ({ type: "external_select", selected_option: optionPayload(selected) }),
    set: (v) => {
      selected = v.selected_option || null;
      input.value = selected ? plainLabel(selected.text) : "";
    },
  });
}

function collectValues(root) {
  const values = {};
  for (const node of root.querySelectorAll(".bk-stateful")) {
    const bk = node._bk;
    if (!bk) continue;
    (values[bk.blockId] ||= {})[bk.actionId] = bk.get();
  }
  return values;
}

// ---------------------------------------------------------------------------- whole page
function apply(state) {
  if (ui.user && state.me && ui.user !== state.me) return; // an answer for someone else
  ui.state = state;
  if (!ui.user) {
    ui.user = state.me; // first visit: be whoever the server starts us as
    remember("user", ui.user);
  }
  const convs = state.conversations || [];
  if (ui.pickConversation || (ui.selected !== HOME && !convs.some((c) => c.id === ui.selected))) {
    ui.pickConversation = false;
    const before = ui.selected;
    ui.selected = firstConversation(state);
    if (ui.selected === HOME) openHome();
    else if (ui.selected !== before) refresh(); // tell the server it is now read
  }
  renderClock(state);
  renderPeople(state);
  renderSidebar(state);
  renderMain(state);
  renderModals(state);
}

function changed(region, value) {
  const key = JSON.stringify(value);
  if (ui.keys[region] === key) return false;
  ui.keys[region] = key;
  return true;
}

function renderClock(state) {
  $("clock-label").textContent = state.clock?.label || "";
  const input = $("clock-input");
  const iso = state.clock?.iso || "";
  if (changed("clock", iso) && iso) {
    if (document.activeElement !== input) input.value = iso.slice(0, 16);
  }
  if (changed("jumps", state.jumps)) {
    const box = $("jumps");
    box.replaceChildren(
      ...(state.jumps || []).map((j, i) =>
        h("button", { type: "button", class: "jump", "data-testid": `jump-${i}`, onclick: () => moveClock(j.to) }, j.label)
      )
    );
  }
}

async function moveClock(to) {
  const answer = await post("/sandbox/clock", { to });
  if (answer) toast(answer.summary, "ok"); // what ran on the way, said by the server
}

function renderPeople(state) {
  const select = $("person-select");
  if (changed("people", state.people)) {
    select.replaceChildren(
      ...(state.people || []).map((p) => h("option", { value: p.id }, p.title ? `${p.name} – ${p.title}` : p.name))
    );
  }
  if (document.activeElement !== select) select.value = ui.user || "";
}

/** Messages from others this person has not had open (the one on screen is being read). */
function unread(state, conv) {
  return ui.selected === conv.id ? 0 : conv.unread || 0;
}

/** Where a person lands: where their unread work waits (their DM first), else where they were,
 * else a conversation with something in it. */
function firstConversation(state) {
  const convs = state.conversations || [];
  const dmFirst = [...convs].sort((a, b) => (a.kind === "dm" ? 0 : 1) - (b.kind === "dm" ? 0 : 1));
  const waiting = dmFirst.find((c) => c.unread > 0);
  if (waiting) return waiting.id;
  const wanted = recall(`conv/${ui.user}`);
  if (wanted === HOME || convs.some((c) => c.id === wanted)) return wanted;
  const talked = dmFirst.find((c) => (state.messages?.[c.id] || []).length);
  return (talked || convs[0] || {}).id || null;
}

function renderSidebar(state) {
  const convs = state.conversations || [];
  const summary = convs.map((c) => [c.id, c.name, c.kind, unread(state, c)]);
  if (!changed("sidebar", [summary, ui.selected, ui.user])) return;
  const entry = (c) => {
    const n = unread(state, c);
    const isChannel = c.kind === "channel";
    return h("li", null,
      h("button", {
        type: "button",
        class: `conv${ui.selected === c.id ? " selected" : ""}${n ? " unread" : ""}`,
        "data-testid": `conversation-${c.id}`,
        "aria-current": ui.selected === c.id ? "page" : null,
        onclick: () => select(c.id),
      },
        h("span", { class: "conv-icon", "aria-hidden": "true" }, isChannel ? "#" : "●"),
        h("span", { class: "conv-name" }, c.name),
        isChannel ? null : h("span", { class: "app-tag" }, "APP"),
        n ? h("span", { class: "badge", "aria-label": `${n} olästa` }, String(n)) : null
      )
    );
  };
  $("channels").replaceChildren(...convs.filter((c) => c.kind === "channel").map(entry));
  $("dms").replaceChildren(...convs.filter((c) => c.kind !== "channel").map(entry));
  const home = $("home-tab");
  home.classList.toggle("selected", ui.selected === HOME);
  if (ui.selected === HOME) home.setAttribute("aria-current", "page");
  else home.removeAttribute("aria-current");
  $("no-channel").hidden = convs.some((c) => c.kind === "channel");
}

function select(id) {
  ui.selected = id;
  ui.pickConversation = false; // the person chose: keep it
  remember(`conv/${ui.user}`, id);
  ui.keys.messages = null;
  ui.keys.sidebar = null;
  if (id === HOME) openHome();
  else refresh(); // the server marks it read
  if (ui.state) {
    renderSidebar(ui.state);
    renderMain(ui.state);
  }
  if (id !== HOME) $("message-input").focus();
}

function openHome() {
  // Like Slack: opening the tab sends app_home_opened; the bot then publishes the view.
  post("/sandbox/home", { user: ui.user });
}

function renderMain(state) {
  const isHome = ui.selected === HOME;
  $("messages").hidden = isHome;
  $("composer-area").hidden = isHome;
  $("home").hidden = !isHome;
  const conv = (state.conversations || []).find((c) => c.id === ui.selected);
  const title = $("conv-title");
  if (changed("title", [ui.selected, conv?.name])) {
    if (isHome) title.replaceChildren(h("span", { class: "title-name" }, "Örat"), h("span", { class: "title-tab" }, "Hem"));
    else if (conv && conv.kind === "channel") title.replaceChildren(h("span", { class: "title-name" }, `# ${conv.name}`));
    else if (conv) title.replaceChildren(h("span", { class: "title-name" }, conv.name), h("span", { class: "app-tag" }, "APP"));
    else title.replaceChildren(h("span", { class: "title-name" }, "Ingen konversation"));
  }
  if (isHome) renderHome(state);
  else renderMessages(state, conv);
}

function renderHome(state) {
  const home = state.home;
  if (!changed("home", [home, state.people])) return;
  const box = $("home");
  const scroll = box.scrollTop;
  if (!home) {
    box.replaceChildren(h("p", { class: "empty" }, "Startsidan laddas … (Örat publicerar den när du öppnar fliken.)"));
    return;
  }
  const ctx = { kind: "home", viewId: home.id };
  const content = h("div", { class: "home-view", "data-view-id": home.id }, renderBlocks(home.blocks, ctx));
  ctx.root = content;
  box.replaceChildren(content);
  box.scrollTop = scroll;
}

function renderMessages(state, conv) {
  const list = $("messages");
  const msgs = conv ? state.messages?.[conv.id] || [] : [];
  if (!changed("messages", [conv?.id, msgs, state.people])) return;
  // Stay at the bottom if the reader was there (new messages scroll in); otherwise keep place.
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
  const scroll = list.scrollTop;
  const nodes = [];
  let lastDay = null;
  for (const m of msgs) {
    if (m.day && m.day !== lastDay) {
      nodes.push(h("div", { class: "day-divider", role: "separator" }, h("span", null, dayLabel(m.day))));
      lastDay = m.day;
    }
    nodes.push(renderMessage(m, conv.id, null));
    if (m.replies?.length) {
      nodes.push(
        h("div", { class: "thread", "data-thread-ts": m.ts, role: "group", "aria-label": "Tråd" },
          h("div", { class: "thread-label" }, `${m.replies.length} svar i tråden`),
          m.replies.map((r) => renderMessage(r, conv.id, m.ts))
        )
      );
    }
  }
  if (!msgs.length) nodes.push(h("p", { class: "empty" }, conv ? "Inga meddelanden än." : "Du ser ingen konversation."));
  list.replaceChildren(...nodes);
  list.scrollTop = atBottom || ui.keys.lastConv !== conv?.id ? list.scrollHeight : scroll;
  ui.keys.lastConv = conv?.id;
}

function dayLabel(day) {
  const d = new Date(`${day}T12:00:00`);
  if (Number.isNaN(d.getTime())) return day;
  return d.toLocaleDateString("sv-SE", { weekday: "long", day: "numeric", month: "long", year: "numeric" });
}

/** What a person typed arrives as typed; Slack's client escapes &, <, > before sending, so
 *  "a < b" stays text while *bold* and _italic_ still work. */
function escapeTyped(text) {
  return String(text || "").replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function initials(name) {
  return (name || "?").split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0].toUpperCase()).join("");
}

function avatarColor(name) {
  let n = 0;
  for (const ch of name || "") n = (n * 31 + ch.codePointAt(0)) % 360;
  return `hsl(${n}, 45%, 42%)`;
}

function renderMessage(m, channel, threadTs) {
  const isBot = m.author_kind === "bot";
  const ctx = { kind: "message", channel, ts: m.ts };
  const body = h("div", { class: "msg-body" });
  if (m.blocks && m.blocks.length) body.append(renderBlocks(m.blocks, ctx));
  else body.append(h("div", { class: "msg-text" }, textNode({ type: "mrkdwn", text: isBot ? m.text || "" : escapeTyped(m.text) })));
  for (const f of m.files || []) body.append(renderFile(f));
  ctx.root = body;
  return h("article", {
    class: `message${m.ephemeral ? " ephemeral" : ""}${threadTs ? " reply" : ""}`,
    "data-testid": "message",
    "data-ts": m.ts,
    "data-thread-ts": threadTs,
  },
    avatar(m, isBot),
    h("div", { class: "msg-main" },
      h("div", { class: "msg-meta" },
        h("span", { class: "author" }, m.author || "Okänd"),
        isBot ? h("span", { class: "app-tag" }, "APP") : null,
        h("time", { class: "time" }, m.time || ""),
        m.ephemeral ? h("span", { class: "ephemeral-mark" }, "👁 Endast synligt för dig") : null
      ),
      body
    )
  );
}

/** The author's round badge; its colour is set through the CSSOM (the page's CSP allows no inline
 *  style attributes). */
function avatar(m, isBot) {
  const el = h("div", { class: `avatar${isBot ? " bot" : ""}`, "aria-hidden": "true" }, isBot ? "Ö" : initials(m.author));
  if (!isBot) el.style.background = avatarColor(m.author);
  return el;
}

function renderFile(f) {
  const label = f.title || f.name || "fil";
  if (f.kind === "png") {
    return h("figure", { class: "file file-image" },
      h("a", { href: f.url, target: "_blank", rel: "noopener noreferrer" }, h("img", { src: f.url, alt: label })),
      h("figcaption", null, label));
  }
  const icon = { csv: "📊", md: "📝", ics: "📅" }[f.kind] || "📄";
  return h("a", { class: "file file-link", href: f.url, download: f.name || "" },
    h("span", { class: "file-icon", "aria-hidden": "true" }, icon),
    h("span", { class: "file-text" },
      h("span", { class: "file-title" }, label),
      h("span", { class: "file-name" }, `${f.name || ""} · Ladda ner`)));
}

// ------------------------------------------------------------------------------------ modals
/* A modal's DOM is kept per view id while it stays open, so typing, focus and an open
 * suggestion list survive polling. When the server changes the view (views.update, new hash),
 * the DOM is rebuilt and what the person entered is put back for inputs with the same
 * block_id + action_id – Slack's own rule, which the bot relies on (new block ids reset). */
function renderModals(state) {
  const stack = state.modals || [];
  const layer = $("modal-layer");
  const live = new Set(stack.map((m) => m.id));
  for (const [id, entry] of ui.modals) {
    if (!live.has(id)) {
      entry.el.remove();
      ui.modals.delete(id);
    }
  }
  stack.forEach((view, i) => {
    const { errors, ...rest } = view;
    const key = JSON.stringify([rest, state.people]);
    let entry = ui.modals.get(view.id);
    if (!entry) {
      entry = buildModal(view, { viewId: view.id, respErrors: {}, stateErrors: {} });
      entry.key = key;
      ui.modals.set(view.id, entry);
      entry.fresh = true;
    } else if (entry.key !== key) {
      rebuildModal(entry, view);
      entry.key = key;
    }
    entry.stateErrors = errors || {};
    // DOM order = stack order. Only move when needed: moving a node blurs what has focus.
    if (layer.children[i] !== entry.el) layer.insertBefore(entry.el, layer.children[i] || null);
    setTop(entry, i === stack.length - 1);
  });
  layer.hidden = stack.length === 0;
  $("page").inert = stack.length > 0;
  for (const entry of ui.modals.values()) showErrors(entry);
  const top = stack.length ? ui.modals.get(stack[stack.length - 1].id) : null;
  if (top && top.fresh) {
    top.fresh = false;
    const first = top.body.querySelector("input, select, textarea, button");
    (first || top.el.querySelector(".modal-x")).focus();
  }
}

/** Builds the modal's DOM into `entry` (the object kept in ui.modals, which the handlers use). */
function buildModal(view, entry) {
  const titleId = nextId("mt");
  const ctx = { kind: "view", viewId: view.id };
  entry.body = h("div", { class: "modal-body" }, renderBlocks(view.blocks, ctx));
  ctx.root = entry.body;
  entry.general = h("div", { class: "modal-general-errors", role: "alert" });
  entry.submitBtn = view.submit
    ? h("button", { type: "submit", class: "bk-button bk-button-primary modal-submit" }, plainLabel(view.submit))
    : null;
  entry.closeBtn = h("button", { type: "button", class: "bk-button modal-close", onclick: () => closeModal(entry) },
    view.close ? plainLabel(view.close) : "Stäng");
  const form = h("form", {
    class: "modal",
    role: "dialog",
    "aria-modal": "true",
    "aria-labelledby": titleId,
    "data-view-id": view.id,
    novalidate: true,
  },
    h("header", { class: "modal-header" },
      h("div", { class: "modal-app", "aria-hidden": "true" }, "Ö"),
      h("h2", { id: titleId, class: "modal-title" }, plainLabel(view.title)),
      (entry.xBtn = h("button", { type: "button", class: "modal-x", "aria-label": "Stäng", onclick: () => closeModal(entry) }, "×"))
    ),
    entry.general,
    entry.body,
    h("footer", { class: "modal-footer" }, entry.closeBtn, entry.submitBtn)
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    submitModal(entry);
  });
  form.addEventListener("keydown", (e) => {
    if (e.key === "Escape") {
      e.preventDefault();
      closeModal(entry);
    } else if (e.key === "Enter" && e.target.tagName === "INPUT") {
      e.preventDefault(); // like Slack: Enter in a field does not submit the modal
    }
  });
  entry.el = h("div", { class: "modal-wrap" }, form);
  entry.form = form;
  return entry;
}

function rebuildModal(entry, view) {
  const saved = {};
  for (const node of entry.body.querySelectorAll(".bk-stateful")) {
    if (node._bk) saved[`${node._bk.blockId}\u0000${node._bk.actionId}`] = node._bk.get();
  }
  const focused = document.activeElement?.closest?.(".bk-stateful");
  const focusKey = focused && entry.body.contains(focused) ? `${focused._bk.blockId}\u0000${focused._bk.actionId}` : null;
  const old = entry.el;
  buildModal(view, entry);
  old.replaceWith(entry.el);
  entry.respErrors = {};
  entry.strayKey = undefined;
  for (const node of entry.body.querySelectorAll(".bk-stateful")) {
    const k = `${node._bk.blockId}\u0000${node._bk.actionId}`;
    if (k in saved && saved[k].type === node._bk.type) node._bk.set(saved[k]);
    if (k === focusKey) (node.matches("input,select,textarea,[role=group]") ? node : node.querySelector("input,select,textarea"))?.focus?.();
  }
}

function setTop(entry, isTop) {
  // Only the top modal is visible and interactive; test ids exist only on it, so they stay unique.
  entry.el.hidden = !isTop;
  entry.el.inert = !isTop;
  const mark = (el, id) => (el ? (isTop ? el.setAttribute("data-testid", id) : el.removeAttribute("data-testid")) : null);
  mark(entry.form, "modal");
  mark(entry.submitBtn, "modal-submit");
  mark(entry.closeBtn, "modal-close");
  mark(entry.xBtn, "modal-x");
  entry.isTop = isTop;
}

function showErrors(entry) {
  const errors = { ...entry.respErrors, ...entry.stateErrors };
  const known = new Set();
  for (const block of entry.body.querySelectorAll(":scope > .bk-block")) {
    const id = block.dataset.blockId;
    known.add(id);
    let box = block.querySelector(":scope > .bk-error");
    const msg = errors[id];
    const control = block.querySelector(".bk-stateful");
    const inner = control && (control.matches("input,select,textarea") ? control : control.querySelector("input,select,textarea"));
    if (msg) {
      if (!box) {
        box = h("div", { class: "bk-error", id: nextId("err"), role: "alert" });
        block.append(box);
      }
      if (entry.isTop) box.setAttribute("data-testid", `error-${id}`);
      else box.removeAttribute("data-testid");
      if (box.textContent !== msg) box.textContent = msg;
      block.classList.add("has-error");
      if (inner) {
        inner.setAttribute("aria-invalid", "true");
        const described = new Set((inner.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
        described.add(box.id);
        inner.setAttribute("aria-describedby", [...described].join(" "));
      }
    } else if (box) {
      box.remove();
      block.classList.remove("has-error");
      inner?.removeAttribute("aria-invalid");
    }
  }
  // Errors for a block id the view does not have still deserve to be seen.
  const stray = Object.entries(errors).filter(([id]) => !known.has(id));
  const strayKey = JSON.stringify(stray);
  if (entry.strayKey !== strayKey) {
    entry.strayKey = strayKey;
    entry.general.replaceChildren(
      ...stray.map(([id, msg]) => h("div", { class: "bk-error", "data-testid": entry.isTop ? `error-${id}` : null }, msg))
    );
  }
}

async function submitModal(entry) {
  if (entry.busy) return;
  entry.busy = true;
  if (entry.submitBtn) entry.submitBtn.disabled = true;
  try {
    const values = collectValues(entry.body);
    const answer = await api("/sandbox/submit", { user: ui.user, view_id: entry.viewId, values });
    entry.respErrors = answer.response_action === "errors" ? answer.errors || {} : {};
    if (answer.response_action !== "errors") entry.stateErrors = {};
    showErrors(entry);
    const firstError = entry.el.querySelector(".has-error input, .has-error select, .has-error textarea");
    if (firstError) firstError.focus();
  } catch (err) {
    toast(err.message, "error");
  } finally {
    entry.busy = false;
    if (entry.submitBtn) entry.submitBtn.disabled = false;
    refresh();
  }
}

function closeModal(entry) {
  post("/sandbox/close", { user: ui.user, view_id: entry.viewId });
}

// ---------------------------------------------------------------------------- composer etc.
async function sendMessage() {
  const input = $("message-input");
  const text = input.value.trim();
  if (!text || !ui.selected || ui.selected === HOME) return;
  input.value = "";
  autoGrow(input);
  const answer = await post("/sandbox/command", { user: ui.user, channel: ui.selected, text });
  if (!answer && !input.value) {
    input.value = text; // failed: give the text back rather than lose it
    autoGrow(input);
  }
}

function autoGrow(textarea) {
  textarea.style.height = "auto";
  textarea.style.height = `${Math.min(textarea.scrollHeight, 200)}px`;
}

function remember(key, value) {
  try {
    localStorage.setItem(`orat-sandbox/${key}`, value);
  } catch (_) {
    /* private mode: just don't remember */
  }
}

function recall(key) {
  try {
    return localStorage.getItem(`orat-sandbox/${key}`);
  } catch (_) {
    return null;
  }
}

function init() {
  const fromUrl = new URLSearchParams(location.search).get("user");
  ui.user = fromUrl || recall("user") || null;

  $("person-select").addEventListener("change", (e) => {
    ui.user = e.target.value;
    remember("user", ui.user);
    // A different person: their own conversations, modals and home.
    for (const entry of ui.modals.values()) entry.el.remove();
    ui.modals.clear();
    ui.keys = {};
    ui.selected = null; // chosen when their state arrives: where their unread work waits
    ui.pickConversation = true;
    ui.appliedSeq = ui.requestSeq; // ignore answers still on their way for the previous person
    refresh();
  });
  $("home-tab").addEventListener("click", () => select(HOME));
  $("clock-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const value = $("clock-input").value;
    if (!value) return toast("Välj en tidpunkt att hoppa till.", "error");
    moveClock(value.slice(0, 16));
  });
  const input = $("message-input");
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      sendMessage();
    }
  });
  input.addEventListener("input", () => autoGrow(input));
  $("composer").addEventListener("submit", (e) => {
    e.preventDefault();
    sendMessage();
  });
  refresh();
  ui.pollTimer = setInterval(() => {
    if (!document.hidden) refresh();
  }, POLL_MS);
}

document.addEventListener("DOMContentLoaded", init);
