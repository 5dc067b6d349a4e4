"""The review page in a real headless Chromium: keyboard grading, groups, rubric edits,
two graders at once, phone width, and labels and focus order for keyboard users."""

from __future__ import annotations

import json
import re

PROOF = "/#part=collapse_proof"


def proof_scores(out) -> dict[str, tuple[float, str]]:
    data = json.loads((out / "results.json").read_text())
    return {s["student"]: (p["score"], p["graded_by"]) for s in data["submissions"]
            for e in s["exercises"] for p in e["parts"] if p["id"] == "collapse_proof"}


def members(page) -> list[str]:
    return page.locator("#members li").all_inner_texts()


def test_grading_proofs_with_the_keyboard(served, new_page):
    from playwright.sync_api import expect

    page = new_page()
    page.goto(served.url + PROOF)
    expect(page.locator("#progress")).to_have_text("0 / 5 graded")
    # the largest group first: three students wrote the same thing (spacing and case aside)
    expect(page.locator("#answer-title")).to_have_text("Answer given by 3 students")
    assert [m.split(":")[0] for m in members(page)] == ["bo", "cy", "dee"]
    page.keyboard.press("1")
    expect(page.locator("#score")).to_have_text("Score: 2 / 6")
    page.keyboard.press("Enter")
    expect(page.locator("#progress")).to_have_text("3 / 5 graded")
    expect(page.locator("#members li")).to_have_text(["ada: not graded"])
    expect(page.locator("#answer-body math")).to_have_count(1)          # rendered, not raw
    for key in ("1", "2"):
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    expect(page.locator("#members li")).to_have_text(["eve: not graded"])
    for key in ("1", "2", "3"):
        page.keyboard.press(key)
    page.keyboard.press("Enter")
    expect(page.locator("#progress")).to_have_text("5 / 5 graded")
    assert proof_scores(served.out) == {"bo": (2.0, "person"), "cy": (2.0, "person"),
                                        "dee": (2.0, "person"), "ada": (4.0, "person"),
                                        "eve": (6.0, "person")}

    # an item edited later re-scores every answer that has it, the whole group included
    page.get_by_label("Edit item 1").click()
    points = page.get_by_label("Points of item 1")
    points.fill("1.5")
    points.press("Enter")
    expect(page.locator("#status")).to_have_text("Item 1 saved: 5 answers re-scored.")
    assert proof_scores(served.out) == {"bo": (1.5, "person"), "cy": (1.5, "person"),
                                        "dee": (1.5, "person"), "ada": (3.5, "person"),
                                        "eve": (5.5, "person")}
    # in the feedback file, student text is inert Markdown: "1.5" may not start a list
    assert "5 points: The two-layer output" in (served.out / "feedback" / "cy.md").read_text()

    page.goto("about:blank")                                 # leave, and come back
    page.goto(served.url + PROOF + "&group=1")
    expect(page.locator("#progress")).to_have_text("5 / 5 graded")
    expect(page.locator("#members li")).to_have_text(
        ["bo: 1.5 / 6", "cy: 1.5 / 6", "dee: 1.5 / 6"])
    expect(page.locator("button.item").first).to_have_attribute("aria-pressed", "true")
    page.keyboard.press("j")
    expect(page.locator("#members li")).to_have_text(["ada: 3.5 / 6"])


def test_two_graders_saving_the_same_answer(served, new_page):
    from playwright.sync_api import expect

    pages = [new_page(), new_page()]
    for page, name in zip(pages, ("Ana", "Bo"), strict=True):
        page.goto(served.url + PROOF + "&group=2")
        expect(page.locator("#members li")).to_have_text(["ada: not graded"])
        page.locator("#grader").fill(name)
    first, second = pages
    first.locator("#answer-body").click()
    first.keyboard.press("1")
    first.keyboard.press("Enter")
    expect(first.locator("#status")).to_have_text(re.compile("^Saved 1 answer"))
    second.locator("#answer-body").click()
    second.keyboard.press("3")
    second.keyboard.press("Enter")
    status = second.locator("#status")
    expect(status).to_have_text(re.compile(r"^Not saved: Ana gave ada 2 points meanwhile"))
    expect(status).to_have_class("refused")
    # the refused page now shows what Ana saved; nothing of hers was overwritten
    expect(second.locator("#members li")).to_have_text(["ada: 2 / 6"])
    expect(second.locator("button.item").first).to_have_attribute("aria-pressed", "true")
    assert proof_scores(served.out)["ada"] == (2.0, "person")
    decision = served.review.store.decisions()[("ada", "collapse_proof")]
    assert (decision.grader, decision.version) == ("Ana", 1)


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_desktop_and_phone_widths_without_sideways_scrolling(served, new_page, tmp_path):
    from PIL import Image
    from playwright.sync_api import expect

    for width, height in ((1280, 900), (390, 844)):
        page = new_page(width, height)
        page.goto(served.url + PROOF + "&group=2")
        expect(page.locator("#answer-body math")).to_have_count(1)
        shot = tmp_path / f"review-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        assert overflow(page) <= 0, f"{overflow(page)} px too wide at {width} px"
        with Image.open(shot) as image:
            assert image.size[0] == width
            assert len(image.convert("RGB").getcolors(maxcolors=1_000_000) or []) > 20
        page.goto(served.url + "/report")
        expect(page.locator("h1")).to_contain_text("Class report")
        assert overflow(page) <= 0, f"the report is {overflow(page)} px too wide at {width}"


CONTROLS = "button, input, select, textarea, a[href], summary"
NAMES = """() => Array.from(document.querySelectorAll(CONTROLS)).filter(
  (el) => el.checkVisibility()).map((el) => {
    const label = el.getAttribute("aria-label") ||
      Array.from(el.labels || []).map((l) => l.textContent).join(" ") ||
      (["BUTTON", "A", "SUMMARY"].includes(el.tagName) ? el.textContent : "");
    return [el.id || el.tagName, label.trim()];
  })""".replace("CONTROLS", repr(CONTROLS))
FOCUSED = """() => {
  const el = document.activeElement;
  const all = Array.from(document.querySelectorAll("*"));
  return [all.indexOf(el), el.id || el.getAttribute("aria-label") || el.textContent.trim()];
}"""


def test_every_control_is_labelled_and_focus_follows_the_page(served, new_page):
    from playwright.sync_api import expect

    page = new_page()
    page.goto(served.url + PROOF)
    expect(page.locator("button.item")).to_have_count(3)
    unnamed = [element for element, name in page.evaluate(NAMES) if not name]
    assert unnamed == []
    assert page.locator("[tabindex]:not([tabindex='0']):not([tabindex='-1'])").count() == 0
    visible = page.evaluate(f"() => Array.from(document.querySelectorAll({CONTROLS!r}))"
                            ".filter((el) => el.checkVisibility()).length")
    order, names = [], []
    for _ in range(visible):
        page.keyboard.press("Tab")
        position, name = page.evaluate(FOCUSED)
        order.append(position)
        names.append(name)
    assert order == sorted(order), names                  # never backwards
    assert len(set(order)) == visible, names              # every control reached once
    assert names[:2] == ["part", "grader"]
    assert names.index("Edit item 3") < names.index("adjustment") < names.index("save")
    # the closed "Add a rubric item" opens from the keyboard, and its fields are labelled
    page.locator("#new-item summary").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Text the student reads")).to_be_visible()
