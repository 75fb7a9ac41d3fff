"""Take the README's screenshots from a running platform with the demo data (``make run``):

    .venv/bin/python docs/screenshots.py [http://127.0.0.1:8000]

Debian's Chromium through Playwright (no browser is downloaded); the pictures go to
``docs/img/``, in Polish, at a desktop width and a phone's."""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent / "img"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# (file, who is logged in, address, viewport)
SHOTS = [
    ("pulpit.png", "anna.nowak@lodzkie.example", "/pulpit/", DESKTOP),
    ("pulpit-telefon.png", "jan.kowalski@opolskie.example", "/pulpit/", PHONE),
    ("dobre-praktyki.png", None, "/dobre-praktyki/", DESKTOP),
    ("kalendarz.png", "anna.nowak@lodzkie.example", "/kalendarz/", DESKTOP),
    ("rozmowa.png", "anna.nowak@lodzkie.example", "/sieci/doradztwo-zawodowe/rozmowa/", DESKTOP),
    ("monitoring.png", "moderator@frse.example", "/monitoring/", DESKTOP),
]


def main(base_url: str) -> None:
    OUT.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium")
        for name, email, path, viewport in SHOTS:
            context = browser.new_context(base_url=base_url, locale="pl-PL", viewport=viewport)
            page = context.new_page()
            if email:
                page.goto("/konto/logowanie/")
                page.get_by_label("Adres e-mail").fill(email)
                page.get_by_label("Hasło").fill("wzk-demo-2026")
                page.get_by_role("button", name="Zaloguj się").click()
                page.wait_for_url("**/pulpit/")
            page.goto(path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=OUT / name)
            print(OUT / name)
            context.close()
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
