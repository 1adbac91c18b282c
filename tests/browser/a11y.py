"""The accessibility checks the browser tests share: axe-core (tests/browser/assets/, see its
README) run in the page, and the reflow measure of WCAG 1.4.10.

axe is injected as a script tag, which a strict Content-Security-Policy refuses: the pages
are checked in a context opened with ``bypass_csp=True`` (axe_context), and only there. The
CSP journeys (test_csp.py) keep their own strict contexts.
"""

from contextlib import contextmanager
from pathlib import Path

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
NARROW = {"width": 320, "height": 640}  # WCAG 1.4.10: 320 CSS px without sideways scrolling
BLOCKING = ("serious", "critical")

RUN_AXE = """
async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " → " + n.failureSummary),
  }));
}
"""

# What overflows the viewport, to say which element a failing reflow check is about.
REFLOW = """
() => {
  const root = document.documentElement;
  const wide = [...document.body.querySelectorAll("*")]
    .filter(e => e.getBoundingClientRect().right > root.clientWidth + 1
                 && !e.closest(".table-region, [data-scrolls]"))
    .slice(0, 5)
    .map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "")
              + (typeof e.className === "string" && e.className
                 ? "." + e.className.split(" ").join(".") : ""));
  return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide};
}
"""


@contextmanager
def axe_context(browser):
    """A logged-out context in which axe can be injected (the CSP is bypassed here only)."""
    context = browser.new_context(viewport=PHONE, locale="vi-VN", bypass_csp=True)
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


def axe_violations(page, impacts=BLOCKING):
    """axe's violations of the page as it is now, of these impacts."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in impacts]


# Resizing is answered over the next frames (Chart.js redraws its canvases from a
# ResizeObserver): measure once two frames have been drawn after a short pause.
SETTLE = """
() => new Promise(done => setTimeout(
  () => requestAnimationFrame(() => requestAnimationFrame(done)), 150))
"""


def reflow(page):
    """{scrollWidth, clientWidth, wide}: the document's width against the viewport's, once
    the page has answered the last resize."""
    page.evaluate(SETTLE)
    return page.evaluate(REFLOW)


def check_page(page, url, *, widths=(PHONE, DESKTOP)):
    """Open ``url`` and return what is wrong with it: axe's serious and critical violations
    at each of ``widths``, then whether it reflows at 320 px. One load per page: the
    viewport is resized in place, as a phone turned or a window narrowed would."""
    problems = []
    page.set_viewport_size(widths[0])
    page.goto(url)
    page.wait_for_load_state("load")
    for size in widths:
        page.set_viewport_size(size)
        for violation in axe_violations(page):
            problems.append(f"{url} at {size['width']} px: {violation}")
    page.set_viewport_size(NARROW)
    measured = reflow(page)
    if measured["scrollWidth"] > measured["clientWidth"]:
        problems.append(f"{url} scrolls sideways at 320 px: {measured}")
    return problems
