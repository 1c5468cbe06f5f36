// flowrun.js: the WhatsApp Flows runtime of waflow.
//
// One implementation of what the WhatsApp client does with a Flow JSON
// document: it keeps the state of one user walking the flow, renders the
// current screen (If and Switch evaluated, bindings and backtick
// expressions resolved), checks the inputs as the client does and runs the
// actions. It talks to no endpoint itself: a data_exchange, INIT or BACK
// becomes a request that the host sends and whose answer it feeds back with
// receive().
//
// The same file runs in a browser, as a classic script, and in goja (see
// the Go package flowrun). It defines one global, WaflowRuntime:
//
//   const w = WaflowRuntime.create(flowJSON, {flowToken, initialScreen, initialData});
//   w.start();                       // outcome: a screen, or an INIT request
//   w.setValue("size", "large");     // may fire on-select actions
//   w.press("footer");               // or {link: text}, {item: id}
//   w.receive(answer);               // the endpoint's answer to a request
//   w.view();                        // screen, title, rendered tree, errors
//
// Every action returns an outcome, {type, ...}: "screen" (now on a screen),
// "request" (send outcome.request, then call receive), "complete" (the
// completion payload), "update" (update_data applied), "open_url",
// "invalid" (the inputs did not pass; see errors), "closed" (back from the
// first screen) or "none". A step the flow does not allow throws an Error
// whose name is "FlowError".
(function (global) {
  "use strict";

  // ---------------------------------------------------------------- values

  function isObject(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v);
  }

  function copy(v) {
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  }

  function flowError(message) {
    const e = new Error(message);
    e.name = "FlowError";
    return e;
  }

  // isEmpty reports whether an input value counts as not filled in.
  function isEmpty(v) {
    return v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0);
  }

  // truthy is how a condition reads a value: booleans as they are, a
  // missing value as false, numbers, strings and arrays by being non-zero
  // or non-empty.
  function truthy(v) {
    if (typeof v === "boolean") return v;
    if (v === undefined || v === null) return false;
    if (typeof v === "number") return v !== 0;
    if (typeof v === "string" || Array.isArray(v)) return v.length > 0;
    return true;
  }

  // toText is how concatenation shows a value.
  function toText(v) {
    if (v === undefined || v === null) return "";
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    return JSON.stringify(v);
  }

  // toNumber is how arithmetic reads a value; a missing or non-numeric
  // value counts as 0, as the client shows no NaN.
  function toNumber(v) {
    if (typeof v === "number") return v;
    if (typeof v === "boolean") return v ? 1 : 0;
    if (typeof v === "string" && v.trim() !== "" && isFinite(Number(v))) return Number(v);
    return 0;
  }

  function sameValue(a, b) {
    if (a === undefined) a = null;
    if (b === undefined) b = null;
    if (typeof a === "object" || typeof b === "object") return JSON.stringify(a) === JSON.stringify(b);
    return a === b;
  }

  // ------------------------------------------------------------ expressions
  //
  // A port of flowjson/expression.go: the same tokens, precedence and
  // syntax errors (messages and byte positions), so that an expression the
  // validator accepts is one this runtime evaluates, and the other way
  // round. Precedence, loosest first: || && (== !=) (< <= > >=)
  // juxtaposition (+ -) (* / %) ! .

  const NESTED = "nested";
  const CONDITION = "condition";
  const MAX_NESTING = 64;

  function ExprSyntaxError(src, pos, msg) {
    this.pos = utf8Length(src.slice(0, pos));
    this.message = msg + " at character " + (this.pos + 1);
  }

  function utf8Length(s) {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 0x80) n += 1;
      else if (c < 0x800) n += 2;
      else if (c >= 0xd800 && c <= 0xdbff) {
        n += 4;
        i++;
      } else n += 3;
    }
    return n;
  }

  const T_EOF = 0, T_REF = 1, T_STRING = 2, T_NUMBER = 3, T_BOOL = 4, T_OP = 5, T_LPAREN = 6, T_RPAREN = 7;

  function isOperand(t) {
    return t.kind >= T_REF && t.kind <= T_BOOL;
  }
  function isDigit(c) {
    return c >= "0" && c <= "9";
  }
  function isLetter(c) {
    return (c >= "a" && c <= "z") || (c >= "A" && c <= "Z");
  }
  function quoteChar(c) {
    if (c === "'" || c === "\\") return "'\\" + c + "'";
    return "'" + c + "'";
  }

  function describeTok(t) {
    switch (t.kind) {
      case T_EOF: return "the end";
      case T_REF: return "${" + t.text + "}";
      case T_STRING: return "'" + t.text + "'";
      case T_LPAREN: return "'('";
      case T_RPAREN: return "')'";
    }
    return "'" + t.text + "'";
  }

  function scanOperator(src, i) {
    const two = src.substr(i, 2);
    if (["==", "!=", "<=", ">=", "&&", "||"].indexOf(two) >= 0) return two;
    const one = src.charAt(i);
    return "<>!+-*/%".indexOf(one) >= 0 ? one : "";
  }

  function scanNumber(src, j) {
    while (j < src.length && isDigit(src[j])) j++;
    if (j + 1 < src.length && src[j] === "." && isDigit(src[j + 1])) {
      j++;
      while (j < src.length && isDigit(src[j])) j++;
    }
    return j;
  }

  function tokenize(src) {
    const toks = [];
    const afterOperand = () => {
      if (toks.length === 0) return false;
      const last = toks[toks.length - 1];
      return isOperand(last) || last.kind === T_RPAREN;
    };
    let i = 0;
    while (i < src.length) {
      const c = src[i];
      if (c === " " || c === "\t" || c === "\n" || c === "\r") {
        i++;
      } else if (c === "$") {
        if (src[i + 1] !== "{") throw new ExprSyntaxError(src, i, "invalid character '$'");
        const end = src.indexOf("}", i + 2);
        if (end < 0) throw new ExprSyntaxError(src, i, "unclosed reference '${'");
        toks.push({ kind: T_REF, text: src.slice(i + 2, end), pos: i });
        i = end + 1;
      } else if (c === "'") {
        let j = i + 1;
        while (j < src.length && src[j] !== "'") {
          if (src[j] === "\\") j++;
          j++;
        }
        if (j >= src.length) throw new ExprSyntaxError(src, i, "unclosed quote");
        toks.push({ kind: T_STRING, text: src.slice(i + 1, j), pos: i });
        i = j + 1;
      } else if (isDigit(c) || (c === "-" && !afterOperand())) {
        let j = i;
        if (c === "-") {
          j++;
          if (j >= src.length || !isDigit(src[j])) throw new ExprSyntaxError(src, i, "'-' must be followed by a number");
        }
        j = scanNumber(src, j);
        toks.push({ kind: T_NUMBER, text: src.slice(i, j), pos: i });
        i = j;
      } else if (c === "(") {
        toks.push({ kind: T_LPAREN, text: "(", pos: i++ });
      } else if (c === ")") {
        toks.push({ kind: T_RPAREN, text: ")", pos: i++ });
      } else if (isLetter(c)) {
        let j = i;
        while (j < src.length && (isLetter(src[j]) || isDigit(src[j]) || src[j] === "_")) j++;
        const word = src.slice(i, j);
        if (word !== "true" && word !== "false") {
          throw new ExprSyntaxError(src, i, "invalid operand " + JSON.stringify(word) + " (strings need single quotes)");
        }
        toks.push({ kind: T_BOOL, text: word, pos: i });
        i = j;
      } else {
        const op = scanOperator(src, i);
        if (op === "") throw new ExprSyntaxError(src, i, "invalid character " + quoteChar(c));
        toks.push({ kind: T_OP, text: op, pos: i });
        i += op.length;
      }
    }
    return toks;
  }

  function ExprParser(src, toks, mode) {
    this.src = src;
    this.toks = toks;
    this.i = 0;
    this.mode = mode;
    this.depth = 0;
  }

  ExprParser.prototype = {
    fail(pos, msg) {
      throw new ExprSyntaxError(this.src, pos, msg);
    },
    peek() {
      if (this.i < this.toks.length) return this.toks[this.i];
      const n = this.toks.length;
      return { kind: T_EOF, text: "", pos: n > 0 ? this.toks[n - 1].pos + 1 : 0 };
    },
    binary(next, ops) {
      let left = next.call(this);
      for (;;) {
        const t = this.peek();
        if (t.kind !== T_OP || ops.indexOf(t.text) < 0) return left;
        this.i++;
        const right = next.call(this);
        left = { op: t.text, tok: t, args: [left, right] };
      }
    },
    or() { return this.binary(this.and, ["||"]); },
    and() { return this.binary(this.eq, ["&&"]); },
    eq() { return this.binary(this.cmp, ["==", "!="]); },
    cmp() { return this.binary(this.concat, ["<", "<=", ">", ">="]); },
    add() { return this.binary(this.mul, ["+", "-"]); },
    mul() { return this.binary(this.unary, ["*", "/", "%"]); },
    concat() {
      const first = this.add();
      const parts = [first];
      for (;;) {
        const t = this.peek();
        if (!isOperand(t) && t.kind !== T_LPAREN && (t.kind !== T_OP || t.text !== "!")) break;
        if (this.mode === CONDITION) this.fail(t.pos, "missing operator before " + describeTok(t));
        parts.push(this.add());
      }
      return parts.length === 1 ? first : { op: "concat", tok: first.tok, args: parts };
    },
    unary() {
      const t = this.peek();
      if (this.depth >= MAX_NESTING) this.fail(t.pos, "expression nested too deeply");
      this.depth++;
      try {
        if (t.kind === T_OP && t.text === "!") {
          this.i++;
          return { op: "!", tok: t, args: [this.unary()] };
        }
        return this.primary();
      } finally {
        this.depth--;
      }
    },
    primary() {
      const t = this.peek();
      if (isOperand(t)) {
        this.i++;
        return { op: "", tok: t, args: [] };
      }
      if (t.kind === T_LPAREN) {
        this.i++;
        if (this.peek().kind === T_RPAREN) this.fail(t.pos, "empty parentheses '()'");
        const inner = this.or();
        const next = this.peek();
        if (next.kind !== T_RPAREN) {
          if (next.kind === T_EOF) this.fail(t.pos, "unbalanced parentheses: '(' is never closed");
          this.fail(next.pos, "missing operator before " + describeTok(next));
        }
        this.i++;
        return inner;
      }
      if (t.kind === T_EOF) this.fail(t.pos, "missing operand at the end");
      this.fail(t.pos, "missing operand before " + describeTok(t));
    },
  };

  // parseExpression parses src (without backticks) in mode NESTED or
  // CONDITION; it throws an ExprSyntaxError.
  function parseExpression(src, mode) {
    const p = new ExprParser(src, tokenize(src), mode);
    if (p.peek().kind === T_EOF) p.fail(0, "empty expression");
    const root = p.or();
    const t = p.peek();
    if (t.kind === T_RPAREN) p.fail(t.pos, "unbalanced parentheses: ')' without '('");
    if (t.kind !== T_EOF) p.fail(t.pos, "missing operator before " + describeTok(t));
    return root;
  }

  function unquote(text) {
    return text.replace(/\\(.)/g, "$1");
  }

  // evaluateNode computes a parsed expression; lookup resolves a reference
  // path (the text between "${" and "}").
  function evaluateNode(n, lookup) {
    if (n.op === "") {
      switch (n.tok.kind) {
        case T_REF: return lookup(n.tok.text);
        case T_STRING: return unquote(n.tok.text);
        case T_NUMBER: return Number(n.tok.text);
      }
      return n.tok.text === "true";
    }
    const arg = (i) => evaluateNode(n.args[i], lookup);
    switch (n.op) {
      case "!": return !truthy(arg(0));
      case "&&": return truthy(arg(0)) && truthy(arg(1));
      case "||": return truthy(arg(0)) || truthy(arg(1));
      case "==": return sameValue(arg(0), arg(1));
      case "!=": return !sameValue(arg(0), arg(1));
      case "concat": return n.args.map((a) => toText(evaluateNode(a, lookup))).join("");
    }
    const a = arg(0), b = arg(1);
    if (n.op === "<" || n.op === "<=" || n.op === ">" || n.op === ">=") {
      if (a === undefined || a === null || b === undefined || b === null) return false;
      const x = toNumber(a), y = toNumber(b);
      return n.op === "<" ? x < y : n.op === "<=" ? x <= y : n.op === ">" ? x > y : x >= y;
    }
    const x = toNumber(a), y = toNumber(b);
    switch (n.op) {
      case "+": return x + y;
      case "-": return x - y;
      case "*": return x * y;
      case "/": return y === 0 ? 0 : x / y;
      case "%": return y === 0 ? 0 : x % y;
    }
    throw new Error("unknown operator " + n.op);
  }

  // wholeReference returns the path of a string that is exactly one ${…}
  // reference, or null (flowjson's wholeReference).
  function wholeReference(s) {
    if (s.length < 3 || s.slice(0, 2) !== "${" || s[s.length - 1] !== "}") return null;
    const inner = s.slice(2, -1);
    return /[{}]/.test(inner) ? null : inner;
  }

  function isBacktick(s) {
    return s.length >= 2 && s[0] === "`" && s[s.length - 1] === "`";
  }

  // --------------------------------------------------------------- screens

  const INPUT_TYPES = [
    "TextInput", "TextArea", "CheckboxGroup", "RadioButtonsGroup", "Dropdown", "ChipsSelector",
    "OptIn", "DatePicker", "CalendarPicker", "PhotoPicker", "DocumentPicker",
  ];
  const MULTI_SELECT = ["CheckboxGroup", "ChipsSelector"];
  const SINGLE_SELECT = ["RadioButtonsGroup", "Dropdown"];
  const ACTION_KEYS = ["on-click-action", "on-select-action", "on-unselect-action"];
  const STRUCTURE_KEYS = ["type", "name", "children", "then", "else", "cases", "condition", "value"];

  function isInput(c) {
    return INPUT_TYPES.indexOf(c.type) >= 0;
  }

  // eachComponent visits every component of a list, in every Form and every
  // If and Switch branch, with the Form it sits in (or null).
  function eachComponent(list, visit, form) {
    for (const c of list || []) {
      if (!isObject(c)) continue;
      visit(c, form || null);
      if (c.type === "Form") eachComponent(c.children, visit, c);
      if (c.type === "If") {
        eachComponent(c.then, visit, form);
        eachComponent(c.else, visit, form);
      }
      if (c.type === "Switch" && isObject(c.cases)) {
        for (const k of Object.keys(c.cases)) eachComponent(c.cases[k], visit, form);
      }
    }
  }

  // summarizeAction is what a rendered component tells about its action:
  // the name and where it leads, not the payload, which is resolved only
  // when the action runs.
  function summarizeAction(a) {
    if (!isObject(a)) return a;
    const out = { name: a.name };
    if (isObject(a.next)) out.next = a.next.name;
    if (typeof a.url === "string") out.url = a.url;
    return out;
  }

  // ------------------------------------------------------------ validation

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // dayNumber turns a date value into a day count: "YYYY-MM-DD" (5.0+) or a
  // millisecond timestamp string (earlier versions); null when unreadable.
  function dayNumber(v) {
    if (typeof v === "number") return Math.floor(v / 86400000);
    if (typeof v !== "string") return null;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
    if (m) return Math.floor(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / 86400000);
    if (/^\d+$/.test(v)) return Math.floor(Number(v) / 86400000);
    return null;
  }

  const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

  function checkDate(v, p) {
    const day = dayNumber(v);
    if (day === null) return "Choose a valid date";
    const min = dayNumber(p["min-date"]), max = dayNumber(p["max-date"]);
    if ((min !== null && day < min) || (max !== null && day > max)) {
      if (min !== null && max !== null) return "Choose a date between " + p["min-date"] + " and " + p["max-date"];
      return min !== null ? "Choose a date on or after " + p["min-date"] : "Choose a date on or before " + p["max-date"];
    }
    if (Array.isArray(p["unavailable-dates"]) && p["unavailable-dates"].some((u) => dayNumber(u) === day)) {
      return "This date is not available";
    }
    if (Array.isArray(p["include-days"]) && p["include-days"].indexOf(WEEKDAYS[(((day + 4) % 7) + 7) % 7]) < 0) {
      return "This day is not available";
    }
    return null;
  }

  function checkText(v, p) {
    const s = String(v);
    switch (p["input-type"]) {
      case "email":
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s)) return "Enter a valid email address";
        break;
      case "phone":
        if (!/^\+?[0-9][0-9 ()\-.]*$/.test(s) || s.replace(/[^0-9]/g, "").length < 3) return "Enter a valid phone number";
        break;
      case "number":
        if (s.trim() === "" || !isFinite(Number(s))) return "Enter a number";
        break;
      case "passcode":
        if (!/^[0-9]+$/.test(s)) return "Enter digits only";
        break;
    }
    const min = typeof p["min-chars"] === "number" ? p["min-chars"] : 0;
    const max = typeof p["max-chars"] === "number" ? p["max-chars"] : 80;
    if (s.length < min) return "Enter at least " + plural(min, "character", "characters");
    if (s.length > max) return "Enter at most " + plural(max, "character", "characters");
    if (typeof p.pattern === "string" && !new RegExp("^(?:" + p.pattern + ")$").test(s)) {
      return typeof p["helper-text"] === "string" ? p["helper-text"] : "The value does not have the expected format";
    }
    return null;
  }

  function checkCount(n, min, max, what) {
    if (typeof min === "number" && n < min) return "Select at least " + plural(min, what, what + "s");
    if (typeof max === "number" && n > max) return "Select at most " + plural(max, what, what + "s");
    return null;
  }

  function checkCalendar(v, p) {
    if (p.mode !== "range") return checkDate(v, p);
    if (!isObject(v)) return "Choose a start and an end date";
    const start = v["start-date"], end = v["end-date"];
    const problem = checkDate(start, p) || checkDate(end, p);
    if (problem) return problem;
    const days = dayNumber(end) - dayNumber(start) + 1;
    if (days < 1) return "The end date must not be before the start date";
    if (typeof p["min-days"] === "number" && days < p["min-days"]) return "Choose at least " + plural(p["min-days"], "day", "days");
    if (typeof p["max-days"] === "number" && days > p["max-days"]) return "Choose at most " + plural(p["max-days"], "day", "days");
    return null;
  }

  function isRequired(type, p) {
    if (type === "PhotoPicker") return (p["min-uploaded-photos"] || 0) > 0;
    if (type === "DocumentPicker") return (p["min-uploaded-documents"] || 0) > 0;
    if (isObject(p.required)) return p.required["start-date"] === true || p.required["end-date"] === true;
    return p.required === true;
  }

  // checkInput returns the client's message for an input value, or null.
  // Empty optional inputs pass.
  function checkInput(type, v, p) {
    const empty = isEmpty(v) || (type === "OptIn" && v !== true);
    if (empty) return isRequired(type, p) ? "This field is required" : null;
    switch (type) {
      case "TextInput": return checkText(v, p);
      case "TextArea": {
        const max = typeof p["max-length"] === "number" ? p["max-length"] : 600;
        return String(v).length > max ? "Enter at most " + plural(max, "character", "characters") : null;
      }
      case "CheckboxGroup":
      case "ChipsSelector":
        return checkCount(v.length, p["min-selected-items"], p["max-selected-items"], "option");
      case "DatePicker": return checkDate(v, p);
      case "CalendarPicker": return checkCalendar(v, p);
      case "PhotoPicker":
        return checkCount(v.length, p["min-uploaded-photos"], p["max-uploaded-photos"], "photo");
      case "DocumentPicker":
        return checkCount(v.length, p["min-uploaded-documents"], p["max-uploaded-documents"], "document");
    }
    return null;
  }

  // ---------------------------------------------------------------- walker

  // Walker is one user walking one flow.
  function Walker(flow, options) {
    if (typeof flow === "string") flow = JSON.parse(flow);
    if (!isObject(flow) || !Array.isArray(flow.screens) || flow.screens.length === 0) {
      throw flowError("the flow has no screens");
    }
    options = options || {};
    this.flow = flow;
    this.screens = {};
    for (const s of flow.screens) {
      if (isObject(s) && typeof s.id === "string") this.screens[s.id] = s;
    }
    this.endpoint = typeof flow.data_api_version === "string";
    this.flowToken = typeof options.flowToken === "string" ? options.flowToken : "";
    this.initialScreen = options.initialScreen || null;
    this.initialData = isObject(options.initialData) ? copy(options.initialData) : {};
    this.checkInputs = options.checkInputs !== false;
    this.status = "new"; // new, open, waiting, completed, closed
    this.current = null; // {id, data, form, errors, message}
    this.stack = [];
    this.visited = {};
    this.pending = null; // {kind, request}
    this.completion = null;
    this.parsed = {};
  }

  Walker.prototype = {
    // ---- public API

    start() {
      if (this.status !== "new") throw flowError("the walk has already started");
      if (this.endpoint && !this.initialScreen) return this.request("INIT", "", {});
      const id = this.initialScreen || this.flow.screens[0].id;
      this.screen(id);
      this.status = "open";
      this.enter(id, this.initialData);
      return { type: "screen", screen: id };
    },

    view() {
      const out = {
        status: this.status,
        screen: null,
        title: null,
        terminal: false,
        tree: [],
        errors: {},
        message: null,
        pending: this.pending ? copy(this.pending.request) : null,
        completion: copy(this.completion),
        stack: this.stack.map((e) => e.id),
      };
      if (!this.current) return out;
      const s = this.screen(this.current.id);
      out.screen = s.id;
      out.title = s.title === undefined ? null : toText(this.resolve(s.title));
      out.terminal = s.terminal === true;
      out.tree = this.render();
      out.errors = copy(this.current.errors);
      out.message = this.current.message;
      return out;
    },

    state() {
      const snap = (e) => ({ id: e.id, data: e.data, form: e.form });
      const visited = {};
      for (const id of Object.keys(this.visited)) visited[id] = snap(this.visited[id]);
      return copy({
        status: this.status,
        screen: this.current ? this.current.id : null,
        data: this.current ? this.current.data : null,
        form: this.current ? this.current.form : null,
        stack: this.stack.map(snap),
        visited: visited,
        pending: this.pending ? this.pending.request : null,
        completion: this.completion,
      });
    },

    // value resolves a reference path as the current (or, once the flow
    // has ended, the last) screen sees it: "data.x", "form.y" or
    // "screen.ID.form.z".
    value(path) {
      if (!this.current) throw flowError("no screen is shown yet");
      return copy(this.lookup(path));
    },

    setValue(name, value) {
      this.mustBeOpen();
      const comp = this.inputNamed(name);
      if (!comp) throw flowError("screen " + this.current.id + " has no input named " + JSON.stringify(name));
      const form = this.current.form;
      const before = form[name];
      value = this.coerce(comp, value);
      if (value === undefined || value === null) delete form[name];
      else form[name] = value;
      delete this.current.errors[name];
      return this.fireSelection(comp, before, value);
    },

    press(target) {
      this.mustBeOpen();
      const hit = this.find(target);
      if (hit.select) return this.setValue(hit.select.name, hit.value);
      const action = hit.action;
      if (!isObject(action)) throw flowError("the " + hit.what + " has no action");
      if (hit.footer) {
        if (this.resolve(hit.footer.enabled) === false) throw flowError("the Footer is disabled");
        if (this.checkInputs && action.name !== "open_url") {
          const errors = this.check();
          if (Object.keys(errors).length > 0) {
            this.current.errors = errors;
            return { type: "invalid", errors: copy(errors) };
          }
        }
      }
      return this.run(action, hit.what);
    },

    back() {
      this.mustBeOpen();
      const s = this.screen(this.current.id);
      if (this.endpoint && s.refresh_on_back === true) {
        return this.request("BACK", this.current.id, {});
      }
      if (this.stack.length === 0) {
        this.status = "closed";
        return { type: "closed" };
      }
      this.restore(this.stack.pop());
      return { type: "screen", screen: this.current.id };
    },

    receive(answer) {
      if (this.status !== "waiting") throw flowError("no request is waiting for an answer");
      if (!isObject(answer)) throw flowError("the answer is not a JSON object");
      const kind = this.pending.kind;
      const data = isObject(answer.data) ? copy(answer.data) : {};
      const id = answer.screen;
      if (id === "SUCCESS") {
        const ext = data.extension_message_response;
        if (!isObject(ext) || !isObject(ext.params)) {
          throw flowError("a SUCCESS answer needs data.extension_message_response.params");
        }
        this.pending = null;
        this.status = "completed";
        this.completion = ext.params;
        return { type: "complete", payload: copy(ext.params) };
      }
      if (typeof id !== "string" || !this.screens[id]) {
        throw flowError("the answer names no screen of the flow: " + JSON.stringify(id === undefined ? null : id));
      }
      this.pending = null;
      this.status = "open";
      if (kind === "INIT") {
        this.enter(id, data);
      } else if (this.current.id === id) {
        this.current.data = data;
      } else if (kind === "BACK" && this.stack.length > 0 && this.stack[this.stack.length - 1].id === id) {
        const prev = this.stack.pop();
        prev.data = data;
        this.restore(prev);
      } else {
        if (kind === "BACK") this.stack.pop();
        else this.stack.push(this.current);
        this.enter(id, data);
      }
      const message = typeof data.error_message === "string" ? data.error_message : null;
      this.current.message = message;
      const out = { type: "screen", screen: id };
      if (message !== null) out.message = message;
      return out;
    },

    // ---- screens and state

    screen(id) {
      const s = this.screens[id];
      if (!s) throw flowError("the flow has no screen " + JSON.stringify(id));
      return s;
    },

    mustBeOpen() {
      switch (this.status) {
        case "new": throw flowError("the walk has not started");
        case "waiting": throw flowError("waiting for the answer to " + this.pending.kind);
        case "completed": throw flowError("the flow has completed");
        case "closed": throw flowError("the flow was closed");
      }
    },

    // enter shows a screen afresh: its data, and its inputs at their
    // init-values.
    enter(id, data) {
      const entry = { id: id, data: isObject(data) ? data : {}, form: {}, errors: {}, message: null };
      this.current = entry;
      this.visited[id] = entry;
      const layout = this.screen(id).layout || {};
      eachComponent(layout.children, (c, inForm) => {
        if (!isInput(c) || typeof c.name !== "string") return;
        let v;
        if (inForm) {
          const init = this.resolve(inForm["init-values"]);
          if (isObject(init)) v = init[c.name];
        } else if (c["init-value"] !== undefined) {
          v = this.resolve(c["init-value"]);
        }
        if (v === undefined && c.type === "OptIn") v = false;
        if (v !== undefined && v !== null) entry.form[c.name] = v;
      });
    },

    // restore shows a screen the user comes back to, as it was left.
    restore(entry) {
      entry.errors = {};
      entry.message = null;
      this.current = entry;
      this.visited[entry.id] = entry;
    },

    request(action, screen, data) {
      const request = { action: action, screen: screen, data: data, flow_token: this.flowToken, version: this.flow.data_api_version };
      this.pending = { kind: action, request: request };
      this.status = "waiting";
      return { type: "request", request: copy(request) };
    },

    // ---- actions

    run(action, what) {
      switch (action.name) {
        case "navigate": {
          const next = isObject(action.next) ? action.next.name : undefined;
          this.screen(next);
          const data = this.payload(action);
          this.stack.push(this.current);
          this.enter(next, data);
          return { type: "screen", screen: next };
        }
        case "complete": {
          const payload = this.payload(action);
          payload.flow_token = this.flowToken;
          this.status = "completed";
          this.completion = payload;
          return { type: "complete", payload: copy(payload) };
        }
        case "data_exchange":
          if (!this.endpoint) throw flowError("the " + what + " sends data_exchange, but the flow has no data_api_version");
          return this.request("data_exchange", this.current.id, this.payload(action));
        case "update_data": {
          const data = this.payload(action);
          Object.assign(this.current.data, data);
          return { type: "update", data: copy(data) };
        }
        case "open_url":
          return { type: "open_url", url: toText(this.resolve(action.url)) };
      }
      throw flowError("the " + what + " has an unknown action " + JSON.stringify(action.name));
    },

    payload(action) {
      const p = this.resolve(isObject(action.payload) ? action.payload : {});
      return isObject(p) ? p : {};
    },

    // fireSelection runs the actions a selection change triggers: the
    // component's on-select-action / on-unselect-action (on-select-action
    // stands for both when the other is absent) and those of the items
    // selected and unselected. A data_exchange ends the chain: the host
    // must answer it first.
    fireSelection(comp, before, after) {
      const actions = [];
      const ids = (v) => (Array.isArray(v) ? v : isEmpty(v) ? [] : [v]);
      if (comp.type === "OptIn") {
        if (after === true && before !== true) actions.push(comp["on-select-action"]);
        if (after !== true && before === true) actions.push(comp["on-unselect-action"]);
      } else if (MULTI_SELECT.indexOf(comp.type) >= 0 || SINGLE_SELECT.indexOf(comp.type) >= 0) {
        const items = this.items(comp);
        const was = ids(before), now = ids(after);
        const added = now.filter((id) => was.indexOf(id) < 0);
        const removed = was.filter((id) => now.indexOf(id) < 0);
        for (const id of removed) {
          const item = items.find((it) => it.id === id) || {};
          actions.push(item["on-unselect-action"] || comp["on-unselect-action"] || (added.length === 0 ? comp["on-select-action"] : undefined));
        }
        for (const id of added) {
          const item = items.find((it) => it.id === id) || {};
          actions.push(item["on-select-action"] || comp["on-select-action"]);
        }
      } else if (!sameValue(before, after)) {
        actions.push(comp["on-select-action"]);
      }
      let out = { type: "none" };
      for (const a of actions) {
        if (!isObject(a)) continue;
        out = this.run(a, comp.type + " " + comp.name);
        if (out.type === "request") break;
      }
      return out;
    },

    // ---- inputs

    inputNamed(name) {
      let found = null;
      eachComponent((this.screen(this.current.id).layout || {}).children, (c) => {
        if (!found && isInput(c) && c.name === name) found = c;
      });
      return found;
    },

    items(comp) {
      const list = this.resolve(comp["data-source"]);
      return Array.isArray(list) ? list.filter(isObject) : [];
    },

    // coerce turns a value given by the host into the type the input
    // produces (§6.1): one id for single selections, a list of ids for
    // multiple ones, a number for numeric text inputs, a boolean for OptIn.
    // Ids must be enabled options of the list, unless input checks are off.
    coerce(comp, v) {
      if (v === undefined || v === null) return null;
      const t = comp.type;
      if (SINGLE_SELECT.indexOf(t) >= 0 || MULTI_SELECT.indexOf(t) >= 0) {
        let ids = Array.isArray(v) ? v : [v];
        if (SINGLE_SELECT.indexOf(t) >= 0 && ids.length > 1) {
          throw flowError(t + " " + comp.name + " takes one option, not " + ids.length);
        }
        const items = this.checkInputs ? this.items(comp) : [];
        for (const id of this.checkInputs ? ids : []) {
          const item = items.find((it) => it.id === id);
          if (!item) {
            throw flowError(JSON.stringify(id) + " is not an option of " + comp.name + " (options: " + items.map((it) => it.id).join(", ") + ")");
          }
          if (this.resolve(item.enabled) === false) throw flowError("option " + JSON.stringify(id) + " of " + comp.name + " is disabled");
        }
        if (SINGLE_SELECT.indexOf(t) >= 0) return ids.length === 0 ? null : ids[0];
        return ids.slice();
      }
      if (t === "OptIn") return v === true || v === "true";
      if (t === "TextInput" && comp["input-type"] === "number" && typeof v === "string" && v.trim() !== "" && isFinite(Number(v))) {
        return Number(v);
      }
      return copy(v);
    },

    // check validates the inputs shown on the current screen and returns a
    // message per failing input name.
    check() {
      const errors = {};
      const visit = (nodes, form) => {
        for (const n of nodes) {
          if (n.type === "Form") {
            visit(n.children, n.component);
            continue;
          }
          if (!n.name || !isInput(n) || n.props.enabled === false) continue;
          const problem = checkInput(n.type, this.current.form[n.name], n.props);
          if (problem === null) continue;
          let message = typeof n.props["error-message"] === "string" ? n.props["error-message"] : null;
          if (message === null && form) {
            const all = this.resolve(form["error-messages"]);
            if (isObject(all) && typeof all[n.name] === "string") message = all[n.name];
          }
          errors[n.name] = message || problem;
        }
      };
      visit(this.render(), null);
      return errors;
    },

    // ---- targets

    // find locates what press(target) presses on the rendered screen.
    find(target) {
      const nodes = [];
      const walk = (list) => {
        for (const n of list) {
          nodes.push(n);
          if (n.children) walk(n.children);
        }
      };
      walk(this.render());
      const where = " on screen " + this.current.id;
      if (target === "footer") {
        const f = nodes.find((n) => n.type === "Footer");
        if (!f) throw flowError("there is no Footer" + where);
        return { what: "Footer", footer: f.component, action: f.component["on-click-action"] };
      }
      if (isObject(target) && typeof target.link === "string") {
        const l = nodes.find((n) => n.type === "EmbeddedLink" && n.props.text === target.link) ||
          nodes.find((n) => n.type === "OptIn" && n.component["on-click-action"] && (n.props.label === target.link || n.name === target.link));
        if (!l) throw flowError("there is no link " + JSON.stringify(target.link) + where);
        return { what: l.type + " " + JSON.stringify(target.link), action: l.component["on-click-action"] };
      }
      if (isObject(target) && typeof target.item === "string") {
        for (const n of nodes) {
          if (n.type === "NavigationList" && Array.isArray(n.props["list-items"])) {
            const raw = this.resolve(n.component["list-items"]);
            const item = raw.find((it) => isObject(it) && it.id === target.item);
            if (item) {
              return { what: "NavigationList item " + JSON.stringify(target.item), action: item["on-click-action"] || n.component["on-click-action"] };
            }
          }
          if (n.name && (MULTI_SELECT.indexOf(n.type) >= 0 || SINGLE_SELECT.indexOf(n.type) >= 0) &&
              this.items(n.component).some((it) => it.id === target.item)) {
            const cur = this.current.form[n.name];
            let value = target.item;
            if (MULTI_SELECT.indexOf(n.type) >= 0) {
              const ids = Array.isArray(cur) ? cur : [];
              value = ids.indexOf(target.item) >= 0 ? ids.filter((id) => id !== target.item) : ids.concat([target.item]);
            }
            return { select: n, value: value };
          }
        }
        throw flowError("there is no item " + JSON.stringify(target.item) + where);
      }
      throw flowError("cannot press " + JSON.stringify(target) + ': use "footer", {link: text} or {item: id}');
    },

    // ---- resolution

    lookup(path) {
      let parts = path.split(".");
      let vals = this.current;
      if (parts[0] === "screen") {
        if (parts.length < 4) throw flowError("${" + path + "} is not screen.ID.form.NAME or screen.ID.data.FIELD");
        vals = parts[1] === this.current.id ? this.current : this.visited[parts[1]];
        if (!vals) return undefined; // a forward reference to a screen not reached yet
        parts = parts.slice(2);
      }
      if (parts.length < 2 || (parts[0] !== "form" && parts[0] !== "data")) {
        throw flowError("${" + path + "} is not a valid reference: use ${data.<field>}, ${form.<name>} or ${screen.<ID>.data|form.<name>}");
      }
      let v = parts[0] === "form" ? vals.form : vals.data;
      if (parts[0] === "form") return v[parts.slice(1).join(".")];
      for (const k of parts.slice(1)) {
        if (!isObject(v) || !Object.prototype.hasOwnProperty.call(v, k)) return undefined;
        v = v[k];
      }
      return v;
    },

    expression(src, mode) {
      const key = mode + ":" + src;
      if (!this.parsed[key]) {
        try {
          this.parsed[key] = parseExpression(src, mode);
        } catch (e) {
          if (e instanceof ExprSyntaxError) throw flowError("screen " + this.current.id + ": invalid expression " + JSON.stringify(src) + ": " + e.message);
          throw e;
        }
      }
      return evaluateNode(this.parsed[key], (path) => this.lookup(path));
    },

    // resolve returns v with every binding and backtick expression
    // replaced by its value. Keys whose value is missing are dropped, as
    // the client sends nothing for an input left empty.
    resolve(v) {
      if (typeof v === "string") {
        if (isBacktick(v)) return this.expression(v.slice(1, -1), NESTED);
        const ref = wholeReference(v);
        return ref === null ? v : this.lookup(ref);
      }
      if (Array.isArray(v)) return v.map((e) => this.resolve(e));
      if (isObject(v)) {
        const out = {};
        for (const k of Object.keys(v)) {
          const r = this.resolve(v[k]);
          if (r !== undefined) out[k] = r;
        }
        return out;
      }
      return v;
    },

    // ---- rendering

    // render returns the current screen's component tree as it is shown:
    // If and Switch replaced by the branch they pick, invisible components
    // left out, properties resolved. Each node is {type, name?, props,
    // value?, error?, children?}; actions show as {name, next?, url?}.
    render() {
      const out = [];
      this.renderList((this.screen(this.current.id).layout || {}).children, out);
      return out;
    },

    renderList(list, out) {
      for (const c of list || []) {
        if (!isObject(c)) continue;
        if (c.type === "If") {
          this.renderList(truthy(this.expression(String(c.condition), CONDITION)) ? c.then : c.else, out);
          continue;
        }
        if (c.type === "Switch") {
          const key = toText(this.resolve(c.value));
          if (isObject(c.cases) && Object.prototype.hasOwnProperty.call(c.cases, key)) this.renderList(c.cases[key], out);
          continue;
        }
        if (c.visible !== undefined && this.resolve(c.visible) === false) continue;
        out.push(this.renderNode(c));
      }
    },

    renderNode(c) {
      const node = { type: c.type };
      Object.defineProperty(node, "component", { value: c, enumerable: false });
      if (typeof c.name === "string") node.name = c.name;
      node.props = {};
      for (const k of Object.keys(c)) {
        if (STRUCTURE_KEYS.indexOf(k) >= 0) continue;
        node.props[k] = ACTION_KEYS.indexOf(k) >= 0 ? summarizeAction(c[k]) : this.resolve(c[k]);
      }
      for (const k of ["data-source", "list-items"]) {
        if (Array.isArray(node.props[k])) {
          node.props[k] = node.props[k].map((it) => {
            if (!isObject(it)) return it;
            const item = Object.assign({}, it);
            for (const a of ACTION_KEYS) if (item[a] !== undefined) item[a] = summarizeAction(item[a]);
            return item;
          });
        }
      }
      if (isInput(c) && typeof c.name === "string") {
        const v = this.current.form[c.name];
        if (v !== undefined) node.value = copy(v);
        if (this.current.errors[c.name] !== undefined) node.error = this.current.errors[c.name];
      }
      if (c.type === "Form") {
        node.children = [];
        this.renderList(c.children, node.children);
      }
      return node;
    },
  };

  // ---------------------------------------------------------------- export

  global.WaflowRuntime = Object.freeze({
    // create starts nothing: call start() on the walker it returns.
    create(flow, options) {
      return new Walker(flow, options);
    },
    // checkExpression returns the syntax error of an expression (without
    // backticks) as flowjson reports it, or null. mode is "nested" or
    // "condition".
    checkExpression(src, mode) {
      try {
        parseExpression(src, mode === CONDITION ? CONDITION : NESTED);
        return null;
      } catch (e) {
        if (e instanceof ExprSyntaxError) return e.message;
        throw e;
      }
    },
    // evaluateExpression computes an expression against values given as
    // {data, form, screens: {ID: {data, form}}}.
    evaluateExpression(src, mode, values) {
      values = values || {};
      const w = new Walker({ screens: [{ id: "EXPRESSION" }] }, {});
      w.current = { id: "EXPRESSION", data: values.data || {}, form: values.form || {}, errors: {}, message: null };
      w.visited = Object.assign({}, values.screens || {});
      let root;
      try {
        root = parseExpression(src, mode === CONDITION ? CONDITION : NESTED);
      } catch (e) {
        if (e instanceof ExprSyntaxError) throw flowError(e.message);
        throw e;
      }
      return evaluateNode(root, (path) => w.lookup(path));
    },
  });
})(typeof globalThis !== "undefined" ? globalThis : this);
