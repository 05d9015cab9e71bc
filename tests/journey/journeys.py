#!/usr/bin/python3
"""End-to-end journeys through the real furniture-crm window (suite "journey").

    journeys.py JOURNEY

runs one journey on a fresh database in a private session bus and prints
"ok - …" (exit 0), "not ok - …" with the step that failed (exit 1), or
"SKIP: …" (exit 77) when AT-SPI is not available. The moves go through what a
user has whatever the board looks like: a card's menu ("Move to" every stage)
and the card windows; the results are checked on the screen (names of cards,
columns, labels) and at the end with furniture-crm-cli.
"""

import datetime
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import journey as j  # noqa: E402
from journey import StepFailed  # noqa: E402

from gi.repository import GLib  # noqa: E402


def add_user(db, login, name, role="manager"):
    db.run("user", "add", login, "--name", name, "--role", role, json_output=False)


# ---- 1. an incoming call becomes a lead, a Design deal, a Manufacturing order, won


def call_to_won(ctx):
    db = ctx.database()
    add_user(db, "anna", "Anna Ivanova")
    app = ctx.start(db, "anna")
    phone = "+7 913 555-01-23"

    ctx.step("Incoming call: a new number becomes a lead and its card opens")
    j.press_button(app.main, "Incoming Call")
    dialog = app.window("Incoming Call")
    j.set_text(j.find(dialog, "text", "Phone number"), phone)
    j.press_button(dialog, "Register Call")
    card = app.window(lambda name: phone in name)
    title = j.clean_name(card.name)
    j.wait_label(card, "Unprocessed")
    number = j.wait_label(card, re.compile(r"^Lead #\d+$"))
    lead_id = int(number.name.split("#")[1])
    j.close_window(app, card)

    ctx.step("Leads board: the lead waits in Unprocessed; its menu moves it to In progress")
    leads = j.show_view(app, "Leads")
    j.card_menu(leads, j.board_card(leads, title, "Unprocessed"), "In progress")
    j.board_card(leads, title, "In progress")
    j.no_board_card(leads, title, "Unprocessed")

    ctx.step("Convert the lead to a Design deal in the conversion dialog")
    j.card_menu(leads, j.board_card(leads, title, "In progress"), "Send to design department")
    dialog = app.window("Convert the Lead")
    j.press_button(dialog, "Convert")
    app.wait_window_gone(dialog)
    j.no_board_card(leads, title, "In progress")
    lead = db.wait("the lead converted", lambda l: l.get("deal_id"), "lead", "show", str(lead_id))
    deal_id = lead["deal_id"]

    ctx.step("Design board: the deal is in Consultation and measurements; hand it over to installation")
    design = j.show_view(app, "Design")
    j.card_menu(design, j.board_card(design, title, "Consultation and measurements"), "To installation")
    j.no_board_card(design, title, "Consultation and measurements")

    ctx.step("Manufacturing board: the handed-over deal is there; mark it won")
    deal = db.wait("the deal handed over to Manufacturing",
                   lambda d: d["pipeline"] == "manufacturing", "deal", "show", str(deal_id))
    manufacturing = j.show_view(app, "Manufacturing")
    j.board_card(manufacturing, title, deal["stage_name"])
    j.card_menu(manufacturing, j.board_card(manufacturing, title, deal["stage_name"]), "Order successful")
    j.no_board_card(manufacturing, title, deal["stage_name"])

    ctx.step("The command line agrees: the lead converted, the deal won in Manufacturing")
    deal = db.wait("the deal won", lambda d: d["stage"] == "mfg.won", "deal", "show", str(deal_id))
    lead = db.run("lead", "show", str(lead_id))
    check(lead["deal_id"] == deal_id, "lead %d names deal %s, not %d" % (lead_id, lead["deal_id"], deal_id))
    check(deal["title"] == title, "the deal is titled “%s”, not “%s”" % (deal["title"], title))
    stages = [h["stage"] for h in deal.get("history", [])]
    check("design.to_installation" in stages or "design.consultation" in stages,
          "the deal's history does not show its Design stages: %s" % stages)


# ---- 2. a deal lost for "other" reasons: its callback shows the client's phone


def lost_callback(ctx):
    db = ctx.database()
    add_user(db, "anna", "Anna Ivanova")
    contact = db.run("contact", "add", "--name", "Olga Smirnova", "--phone", "+7 913 555-04-56")
    title = "Corner sofa"
    deal = db.run("deal", "add", "--pipeline", "manufacturing", "--title", title,
                  "--contact", str(contact["id"]), "--responsible", "anna")
    reason_text = "Moving to another city in spring"
    app = ctx.start(db, "anna")

    ctx.step("Manufacturing board: the card's menu marks the deal lost")
    board = j.show_view(app, "Manufacturing")
    j.card_menu(board, j.board_card(board, title, deal["stage_name"]), "Lost")

    ctx.step("The Lost dialog: reason “Other” and the reason in words")
    dialog = app.window_showing("label", "Why Was the Deal Lost?")
    j.check_box(ctx.bus, j.find(j.find(dialog, None, "Other"), None, None,
                                where=lambda n: n.role in ("radio button", "check box")))
    j.set_text(j.find(dialog, "text", "The reason in your words"), reason_text)
    j.press_button(dialog, "Mark as Lost")
    app.wait_window_gone(dialog)
    j.no_board_card(board, title, deal["stage_name"])

    ctx.step("Callbacks: the call to make shows the deal, the client and the phone")
    callbacks = j.show_view(app, "Callbacks")
    j.row_with(callbacks, title, contact["name"], re.compile(r"^\+7 913 555-04-56$"),
               re.compile(re.escape(reason_text)))

    ctx.step("The command line agrees: lost for “other” with the words, a callback to make")
    deal = db.wait("the deal lost", lambda d: d["stage"] == "mfg.lost", "deal", "show", str(deal["id"]))
    check(deal.get("loss_reason") == "other", "loss reason %s, not other" % deal.get("loss_reason"))
    check(reason_text in json.dumps(deal, ensure_ascii=False),
          "the words “%s” are nowhere in the deal" % reason_text)
    calls = [c for c in db.run("callbacks", "list") if c["entity_id"] == deal["id"]]
    check(len(calls) == 1, "callbacks for the deal: %s" % calls)


def check(condition, message):
    if not condition:
        raise StepFailed(message)


JOURNEYS = {
    "call-to-won": call_to_won,
    "lost-callback": lost_callback,
}


if __name__ == "__main__":
    sys.exit(j.run(JOURNEYS, sys.argv))
