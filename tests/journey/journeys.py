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

# the helpers sit beside this file; no bytecode left in the source tree
sys.dont_write_bytecode = True
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
    j.wait_label(card, phone)
    leads = [l for l in db.run("lead", "list") if l["title"] == title]
    check(len(leads) == 1, "leads titled “%s”: %s" % (title, leads))
    lead_id = leads[0]["id"]
    j.close_window(app, card)

    ctx.step("Leads board: the lead waits in Unprocessed; its menu moves it to In progress")
    leads = j.show_view(app, "Leads")
    card = j.board_card(leads, title, "Unprocessed")
    # a screen reader hears the card in one sentence; an unnamed caller is "No client"
    check(j.clean_name(card.name).split(", ")[1:3] == ["No client", "No budget"],
          "the card's accessible name is “%s”" % card.name)
    j.card_menu(leads, card, "In progress")
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
    manufacturing = j.show_view(app, "Manufacturing")
    stage = j.column_of(j.board_card(manufacturing, title))
    ctx.step("… it stands in “%s”" % stage)
    deal = db.run("deal", "show", str(deal_id))
    check(deal["pipeline"] == "manufacturing" and deal["stage_name"] == stage,
          "the board shows the deal in “%s”, the database in %s / %s"
          % (stage, deal["pipeline"], deal["stage_name"]))
    j.card_menu(manufacturing, j.board_card(manufacturing, title, stage), "Order successful")
    j.no_board_card(manufacturing, title, stage)

    ctx.step("The command line agrees: the lead converted, the deal won in Manufacturing")
    deal = db.wait("the deal won", lambda d: d["stage"] == "mfg.won", "deal", "show", str(deal_id))
    lead = db.run("lead", "show", str(lead_id))
    check(lead["deal_id"] == deal_id, "lead %d names deal %s, not %d" % (lead_id, lead["deal_id"], deal_id))
    check(deal["title"] == title, "the deal is titled “%s”, not “%s”" % (deal["title"], title))
    stages = [h["stage"] for h in deal.get("history", [])]
    for code in ("design.consultation", "design.to_installation", "mfg.won"):
        check(code in stages, "the deal's history has no %s: %s" % (code, stages))
    check(stages[-1] == "mfg.won", "the deal's last stage is %s, not mfg.won" % stages[-1])


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


# ---- 3. a robot's desktop notification, and its "Open" button


MOCK_NAME = "org.freedesktop.Notifications"
MOCK_PATH = "/org/freedesktop/Notifications"


def start_notification_daemon(ctx):
    """python-dbusmock's notification daemon on the journey's session bus."""
    daemon = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--template", "notification_daemon"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    ctx.processes.append(daemon)
    session = j.Gio.bus_get_sync(j.Gio.BusType.SESSION, None)

    def owned():
        if daemon.poll() is not None:
            raise StepFailed("the dbusmock notification daemon exited: %s"
                             % daemon.stderr.read().decode(errors="replace"))
        reply = session.call_sync("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                  "NameHasOwner", GLib.Variant("(s)", (MOCK_NAME,)), None,
                                  j.Gio.DBusCallFlags.NONE, -1, None)
        return reply.unpack()[0]

    j.wait_until(owned, "the dbusmock notification daemon on the session bus (python3-dbusmock)")
    return session


def notifications(session):
    """The notifications the program raised: (id, summary, body, actions), oldest first."""
    reply = session.call_sync(MOCK_NAME, MOCK_PATH, "org.freedesktop.DBus.Mock", "GetCalls", None,
                              None, j.Gio.DBusCallFlags.NONE, -1, None)
    shown = []
    next_id = 1
    for _, method, args in reply.unpack()[0]:
        if method != "Notify":
            continue
        replaces = args[1]
        if replaces:
            note_id = replaces
        else:
            note_id, next_id = next_id, next_id + 1   # as the template numbers them
        shown.append((note_id, args[3], args[4], list(args[5])))
    return shown


def robot_notification(ctx):
    db = ctx.database()
    add_user(db, "anna", "Anna Ivanova")
    title = "Hallway wardrobe"
    two_days_ago = (datetime.datetime.now(datetime.timezone.utc)
                    - datetime.timedelta(days=2)).isoformat(timespec="seconds")
    lead = db.run("lead", "add", "--title", title, "--responsible", "anna", at=two_days_ago)
    session = start_notification_daemon(ctx)

    ctx.step("The program starts; the robot's day-old reminder is due and raised on the desktop")
    app = ctx.start(db, "anna")
    reminder = re.compile(r"still unprocessed")

    def raised():
        return next((n for n in notifications(session) if reminder.search(n[1] + " " + n[2])), None)

    try:
        note_id, summary, body, actions = j.wait_until(raised, "the robot's reminder on the desktop")
    except StepFailed as error:
        raise StepFailed("%s\n  notifications raised: %s" % (error, notifications(session)))
    check(title in summary + body, "the reminder does not name “%s”: %s / %s" % (title, summary, body))
    check("open" in actions[0::2], "the reminder has no “open” action: %s" % actions)

    ctx.step("“Open” on the notification (ActionInvoked from the daemon) shows the lead's card")
    check(not [w for w in app.windows() if j.matches(title, w.name)],
          "the lead's card is open before the notification was used")
    session.call_sync(MOCK_NAME, MOCK_PATH, "org.freedesktop.DBus.Mock", "EmitSignal",
                      GLib.Variant("(sssav)", (MOCK_NAME, "ActionInvoked", "us",
                                               [GLib.Variant("u", note_id), GLib.Variant("s", "open")])),
                      None, j.Gio.DBusCallFlags.NONE, -1, None)
    card = app.window(title)
    j.wait_label(card, "Unprocessed")

    ctx.step("The command line agrees: the reminder is anna's and was fired by the program")
    notes = db.run("notifications", "list", "--user", "anna")
    check(any(reminder.search(n["text"]) and n["entity_id"] == lead["id"] for n in notes),
          "anna has no reminder about lead %d: %s" % (lead["id"], notes))


# ---- 4. in Russian, a date typed as 15.12.2026 is taken


def russian_date(ctx):
    lang = "ru_RU"
    locales = subprocess.run(["locale", "-a"], capture_output=True, text=True).stdout.lower()
    check("ru_ru.utf8" in locales or "ru_ru.utf-8" in locales,
          "the ru_RU.UTF-8 locale is not enabled here (build-aux/test enables it; "
          "locale -a lists: %s)" % " ".join(locales.split()))
    _ = j.translator(ctx.build, lang)
    db = ctx.database()
    add_user(db, "anna", "Анна Иванова")
    title = "Шкаф-купе в прихожую"
    deal = db.run("deal", "add", "--pipeline", "manufacturing", "--title", title, "--responsible", "anna")
    app = ctx.start(db, "anna", lang=lang)

    ctx.step("Производство: the deal's card opens from its board card")
    board = j.show_view(app, _("Manufacturing"))
    card = j.open_card(app, board, title)

    ctx.step("Проект: 15.12.2026 typed into the delivery date and Enter")
    j.press(j.find(card, "page tab", _("Project")))
    field = j.find(card, "text", _("Delivery date"))
    j.type_into(ctx.bus, field, "15.12.2026")
    j.key(ctx.bus, "Return")

    ctx.step("The date is saved (the command line) and the field shows it as typed")
    db.wait("the delivery date saved", lambda d: d.get("delivery_date") == "2026-12-15",
            "deal", "show", str(deal["id"]))
    j.wait_until(lambda: field.text() == "15.12.2026", "the field to show 15.12.2026", card)


# ---- 5. every control on the screen has a name a screen reader can say

CONTROLS = ("push button", "toggle button", "menu item", "check box", "radio button", "text",
            "password text", "combo box", "page tab", "spin button", "slider", "link")


def unnamed_controls(root):
    """(node, description) of the buttons, entries, tabs… on the screen under root
    that have no name: GTK 4.8
    names them after their type ("GtkMenuButton") then. The rows of list views
    are left out: GTK 4.8 cannot name them (their card inside has the name)."""
    found = []
    for node in j.walk(root, prune=j.boring):
        name = j.clean_name(node.name)
        if node.role not in CONTROLS or (name and not re.fullmatch(r"(Gtk|Adw|Fcrm)[A-Z]\w*", name)):
            continue
        if not j.on_screen(node):
            continue
        parent = node.parent()
        if parent.role == "combo box":   # a drop-down's own button: the drop-down has the name
            continue
        found.append((node, "%r in %r (its tooltip: “%s”)" % (node, parent, node._prop(j.ACC, "Description"))))
    return found


def names(ctx):
    db = ctx.database()
    add_user(db, "anna", "Anna Ivanova")
    contact = db.run("contact", "add", "--name", "Olga Smirnova", "--phone", "+7 913 555-04-56")
    lost = db.run("deal", "add", "--pipeline", "manufacturing", "--title", "Corner sofa",
                  "--contact", str(contact["id"]), "--responsible", "anna")
    db.run("deal", "lose", str(lost["id"]), "--reason", "other", "--comment", "Moved away")
    db.run("deal", "add", "--pipeline", "manufacturing", "--title", "Wardrobe",
           "--contact", str(contact["id"]), "--responsible", "anna")
    db.run("lead", "add", "--title", "Kitchen", "--phone", "+7 913 555-07-89", "--responsible", "anna")
    app = ctx.start(db, "anna")
    problems = []
    seen = set()

    def audit(root, where):
        for node, text in unnamed_controls(root):
            if node not in seen:
                seen.add(node)
                problems.append("%s: %s" % (where, text))

    ctx.step("The boards, Contacts and Callbacks")
    leads = j.show_view(app, "Leads")
    j.board_card(leads, "Kitchen", "Unprocessed")
    audit(app.main, "Leads")
    manufacturing = j.show_view(app, "Manufacturing")
    j.board_card(manufacturing, "Wardrobe", "Contract")
    audit(app.main, "Manufacturing")
    j.select_view(app, "Contacts")
    j.wait_label(app.main, contact["name"])
    audit(app.main, "Contacts")
    callbacks = j.show_view(app, "Callbacks")
    j.row_with(callbacks, "Corner sofa", contact["name"])
    audit(app.main, "Callbacks")

    ctx.step("The sidebar folded to its icons still names its views")
    j.press_button(app.main, "Show Icons Only")
    j.find(app.main, "push button", "Show View Names")
    views = j.find(app.main, "list", "Views")
    rows = [j.clean_name(row.refresh().name) for row in views.children()]
    check(all(rows) and "Manufacturing" in rows, "the folded sidebar's rows are named %s" % rows)
    j.press_button(app.main, "Show View Names")

    ctx.step("A deal's card, tab by tab, and the Incoming Call dialog")
    j.select_view(app, "Manufacturing")
    card = j.open_card(app, manufacturing, "Wardrobe")
    # each tab, and something on it to know it shows
    for tab, role, name in (("About", "push button", "Change…"), ("Project", "text", "Delivery date"),
                            ("General", "push button", "Add File…"), ("Additional", "combo box", "Responsible")):
        j.press(j.find(card, "page tab", tab))
        j.find(card, role, name)
        audit(card, "the deal card's %s tab" % tab)
    j.close_window(app, card)
    j.press_button(app.main, "Incoming Call")
    dialog = app.window("Incoming Call")
    audit(dialog, "Incoming Call")

    check(not problems, "controls without an accessible name:\n    " + "\n    ".join(problems))


def check(condition, message):
    if not condition:
        raise StepFailed(message)


JOURNEYS = {
    "call-to-won": call_to_won,
    "lost-callback": lost_callback,
    "robot-notification": robot_notification,
    "russian-date": russian_date,
    "names": names,
}


if __name__ == "__main__":
    sys.exit(j.run(JOURNEYS, sys.argv))
