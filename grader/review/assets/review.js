"use strict";
// The review page: one part at a time, one group of equal answers at a time.
// j/k move, 1-9 toggle rubric items, Enter saves and moves on. Everything the server
// refuses (a save made from an older version) is shown as it says.

const $ = (id) => document.getElementById(id);
const state = { part: null, data: null, index: 0, selected: new Set() };

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const data = await response.json();
  return { ok: response.ok, status: response.status, data };
}

function say(text, refused) {
  const status = $("status");
  status.textContent = text;
  status.className = refused ? "refused" : "";
}

function graded(member) { return member.score !== null; }
function groupDone(group) { return group.members.every(graded); }

async function loadParts(wanted) {
  const { data } = await api("/api/parts");
  const select = $("part");
  select.textContent = "";
  for (const part of data.parts) {
    const option = document.createElement("option");
    option.value = part.id;
    option.textContent = `${part.id} (${part.graded} / ${part.total})`;
    select.appendChild(option);
  }
  const first = data.parts.find((p) => p.graded < p.total) || data.parts[0];
  const chosen = data.parts.find((p) => p.id === wanted) || first;
  if (!chosen) {
    $("progress").textContent = "Nothing waits for a person.";
    return;
  }
  select.value = chosen.id;
  await loadPart(chosen.id);
}

async function loadPart(id, keepIndex) {
  const { ok, data } = await api(`/api/parts/${encodeURIComponent(id)}`);
  if (!ok) { say(data.error, true); return; }
  const samePart = state.part === id;
  state.part = id;
  state.data = data;
  if (!(samePart && keepIndex)) {
    const open = data.groups.findIndex((g) => !groupDone(g));
    state.index = open >= 0 ? open : 0;
  }
  state.index = Math.min(state.index, Math.max(data.groups.length - 1, 0));
  $("question").innerHTML = data.question_html;
  $("reference").innerHTML = data.reference_html || "<p>(none in the spec)</p>";
  show();
}

function progress() {
  const members = state.data.groups.flatMap((g) => g.members);
  const done = members.filter(graded).length;
  $("progress").textContent = `${done} / ${members.length} graded`;
  $("progress").dataset.part = state.part;
  const option = $("part").querySelector(`option[value="${CSS.escape(state.part)}"]`);
  if (option) option.textContent = `${state.part} (${done} / ${members.length})`;
}

function show() {
  progress();
  const data = state.data;
  const group = data.groups[state.index];
  if (!group) {
    $("position").textContent = "No answers.";
    return;
  }
  const n = group.members.length;
  $("answer-title").textContent = n === 1 ? "Answer" : `Answer given by ${n} students`;
  $("position").textContent =
    `Group ${state.index + 1} of ${data.groups.length}` + (groupDone(group) ? " (graded)" : "");
  const list = $("members");
  list.textContent = "";
  for (const member of group.members) {
    const li = document.createElement("li");
    li.textContent = member.student +
      (graded(member) ? `: ${member.score} / ${data.max_score}` : ": not graded");
    if (graded(member)) li.className = "graded";
    list.appendChild(li);
  }
  $("answer-body").innerHTML = group.answer_html || "<p>(empty answer)</p>";
  $("teach").hidden = !group.teachable;
  $("note").hidden = !group.note;
  $("note").textContent = group.note ? `Grader's note: ${group.note}` : "";
  const decided = group.members.map((m) => m.decision);
  const first = decided[0];
  const same = first && decided.every((d) => d && JSON.stringify(d.items) ===
    JSON.stringify(first.items) && d.adjustment === first.adjustment &&
    d.comment === first.comment);
  state.selected = new Set(same ? first.items : []);
  $("adjustment").value = same ? first.adjustment : 0;
  $("comment").value = same ? first.comment : "";
  renderItems();
  location.replace(`#part=${encodeURIComponent(state.part)}&group=${state.index + 1}`);
}

function renderItems() {
  const list = $("items");
  list.textContent = "";
  state.data.items.forEach((item, n) => {
    const li = document.createElement("li");
    const toggle = document.createElement("button");
    toggle.type = "button";
    toggle.className = "item";
    toggle.dataset.id = item.id;
    toggle.setAttribute("aria-pressed", state.selected.has(item.id) ? "true" : "false");
    const points = item.points > 0 ? `+${item.points}` : `${item.points}`;
    toggle.textContent = `${item.key ? item.key + ". " : ""}${points}: ${item.text}`;
    toggle.addEventListener("click", () => toggleItem(item.id));
    const edit = document.createElement("button");
    edit.type = "button";
    edit.textContent = "Edit";
    edit.setAttribute("aria-label", `Edit item ${n + 1}`);
    edit.addEventListener("click", () => editItem(li, item, n + 1));
    li.append(toggle, edit);
    list.appendChild(li);
  });
  preview();
}

function toggleItem(id) {
  if (state.selected.has(id)) state.selected.delete(id); else state.selected.add(id);
  for (const button of $("items").querySelectorAll("button.item")) {
    button.setAttribute("aria-pressed",
      state.selected.has(Number(button.dataset.id)) ? "true" : "false");
  }
  preview();
}

function preview() {
  const items = state.data.items;
  const deductions = items.length > 0 && items.every((i) => i.points < 0);
  let total = deductions ? state.data.max_score : 0;
  for (const item of items) if (state.selected.has(item.id)) total += item.points;
  total += Number($("adjustment").value) || 0;
  total = Math.min(Math.max(total, 0), state.data.max_score);
  $("score").textContent = `Score: ${Math.round(total * 10000) / 10000} / ${state.data.max_score}`;
}

function editItem(li, item, number) {
  li.textContent = "";
  const form = document.createElement("div");
  form.className = "item-edit";
  const points = document.createElement("input");
  points.type = "number";
  points.step = "0.5";
  points.value = item.points;
  points.setAttribute("aria-label", `Points of item ${number}`);
  const text = document.createElement("input");
  text.type = "text";
  text.value = item.text;
  text.setAttribute("aria-label", `Text of item ${number}`);
  const save = document.createElement("button");
  save.type = "button";
  save.textContent = "Save item";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  form.append(points, text, save, cancel);
  li.appendChild(form);
  points.focus();
  cancel.addEventListener("click", renderItems);
  const submit = async () => {
    const { ok, data } = await api(`/api/items/${item.id}`,
      { version: item.version, points: Number(points.value), text: text.value });
    if (ok) {
      const uses = state.data.groups.flatMap((g) => g.members)
        .filter((m) => m.decision && m.decision.items.includes(item.id)).length;
      say(`Item ${number} saved: ${uses} answer${uses === 1 ? "" : "s"} re-scored.`);
    } else {
      say(data.error, true);
    }
    await loadPart(state.part, true);
  };
  save.addEventListener("click", submit);
  for (const input of [points, text]) {
    input.addEventListener("keydown", (event) => {
      if (event.key === "Enter") { event.preventDefault(); event.stopPropagation(); submit(); }
      if (event.key === "Escape") { event.stopPropagation(); renderItems(); }
    });
  }
}

async function addItem() {
  const text = $("new-text").value.trim();
  if (!text) { say("A new item needs a text the student reads.", true); return; }
  const { ok, data } = await api(`/api/parts/${encodeURIComponent(state.part)}/items`,
    { points: Number($("new-points").value), text });
  if (!ok) { say(data.error, true); return; }
  $("new-text").value = "";
  say("Item added.");
  await loadPart(state.part, true);
}

async function teach() {
  const group = state.data.groups[state.index];
  say("Checking the course...");
  const { ok, data } = await api(`/api/parts/${encodeURIComponent(state.part)}/teach`, {
    group: group.key, lesson: $("lesson").value, name: $("mistake-name").value,
    feedback: $("mistake-feedback").value,
  });
  say(ok ? `Written into ${data.written}; the next batch decides this answer alone.`
    : data.error, !ok);
}

async function save() {
  const group = state.data.groups[state.index];
  if (!group) return;
  const versions = {};
  for (const member of group.members) versions[member.student] = member.version;
  const grader = $("grader").value.trim();
  localStorage.setItem("grader", grader);
  const { ok, data } = await api(`/api/parts/${encodeURIComponent(state.part)}/decisions`, {
    versions, items: Array.from(state.selected),
    adjustment: Number($("adjustment").value) || 0, comment: $("comment").value, grader,
  });
  if (!ok) {
    say(data.error, true);
    await loadPart(state.part, true);
    return;
  }
  const n = data.saved;
  say(`Saved ${n} answer${n === 1 ? "" : "s"}: ${$("score").textContent.toLowerCase()}.`);
  const done = state.index;
  await loadPart(state.part, true);
  const groups = state.data.groups;
  const after = groups.findIndex((g, i) => i > done && !groupDone(g));
  const before = groups.findIndex((g) => !groupDone(g));
  state.index = after >= 0 ? after : before >= 0 ? before : done;
  show();
}

function move(step) {
  const count = state.data ? state.data.groups.length : 0;
  if (!count) return;
  state.index = Math.min(Math.max(state.index + step, 0), count - 1);
  say("");
  show();
}

function typing(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}

document.addEventListener("keydown", (event) => {
  if (event.altKey || event.metaKey || (event.ctrlKey && event.key !== "Enter")) return;
  const inField = typing(event.target);
  if (event.key === "Enter") {
    if (event.target.closest("textarea") && !event.ctrlKey) return;
    if (event.target.closest("button, summary, a, select")) return;
    if (event.target.closest("#new-item")) { event.preventDefault(); addItem(); return; }
    if (event.target.closest("#teach")) return;
    event.preventDefault();
    save();
    return;
  }
  if (inField) return;
  if (event.key === "j") move(1);
  else if (event.key === "k") move(-1);
  else if (event.key === "/") { event.preventDefault(); $("part").focus(); }
  else if (/^[1-9]$/.test(event.key) && state.data) {
    const item = state.data.items[Number(event.key) - 1];
    if (item) toggleItem(item.id);
  } else return;
  event.preventDefault();
});

$("part").addEventListener("change", () => loadPart($("part").value));
$("adjustment").addEventListener("input", preview);
$("save").addEventListener("click", save);
$("next").addEventListener("click", () => move(1));
$("previous").addEventListener("click", () => move(-1));
$("add-item").addEventListener("click", addItem);
$("teach-save").addEventListener("click", teach);
$("grader").value = localStorage.getItem("grader") || "";
$("grader").addEventListener("change", () => localStorage.setItem("grader", $("grader").value));

// The address names the part and the group (#part=ID&group=N): a reload, a bookmark or
// the report's link opens exactly there.
async function followAddress() {
  const hash = new URLSearchParams(location.hash.slice(1));
  const part = hash.get("part");
  const group = Number(hash.get("group"));
  if (!state.data) await loadParts(part);
  else if (part && part !== state.part) {
    $("part").value = part;
    await loadPart(part);
  }
  if (state.data && group >= 1 && group <= state.data.groups.length &&
      group - 1 !== state.index) {
    state.index = group - 1;
    show();
  }
}

addEventListener("hashchange", followAddress);
followAddress();
