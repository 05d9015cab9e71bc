"""Driving the real furniture-crm window through accessibility (AT-SPI), as a user would.

The journeys (journeys.py) are written with the small steps below: start the
program on a database, find a window, find a widget by its role and accessible
name, press it, type into it, choose from a board card's menu, wait for a label.
Every wait polls for its condition until a deadline (TIMEOUT seconds, longer
with FCRM_JOURNEY_TIMEOUT) and fails naming what was not found, with the
accessible tree where it was looked for.

The accessibility bus is spoken to directly over D-Bus (Gio): a search asks
for a whole level of the tree at once instead of one property at a time, which
makes a search of a window's thousand widgets take a fraction of a second
rather than seconds on a busy machine. Key presses and clicks go through the
AT-SPI registry (XTest under X11), as screen readers and dogtail send them.
"""

import gettext
import json
import os
import re
import subprocess
import sys
import tempfile
import time

SKIP = 77
TIMEOUT = float(os.environ.get("FCRM_JOURNEY_TIMEOUT", "20"))
POLL = 0.2

try:
    import gi

    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi, Gio, GLib
except (ImportError, ValueError) as error:  # reported by require_atspi()
    Atspi = None
    _IMPORT_ERROR = str(error)

ACC = "org.a11y.atspi.Accessible"
PROPS = "org.freedesktop.DBus.Properties"
REGISTRY = "org.a11y.atspi.Registry"
ROOT = "/org/a11y/atspi/accessible/root"
DEC_PATH = "/org/a11y/atspi/registry/deviceeventcontroller"
DEC = "org.a11y.atspi.DeviceEventController"

# AT-SPI key synthesis types (AtspiKeySynthType)
KEY_SYM = 3
KEY_STRING = 4
KEYSYMS = {"Return": 0xFF0D, "Tab": 0xFF09, "Escape": 0xFF1B, "BackSpace": 0xFF08}


class Unavailable(Exception):
    """AT-SPI cannot be used here: the journey is skipped, not failed."""


class StepFailed(AssertionError):
    """A step of a journey did not happen."""


def log(message):
    print("# " + message, flush=True)


# ---- the accessibility bus --------------------------------------------------


class A11yBus:
    """The accessibility bus of the current session, and pipelined calls on it."""

    def __init__(self, address):
        flags = (Gio.DBusConnectionFlags.AUTHENTICATION_CLIENT
                 | Gio.DBusConnectionFlags.MESSAGE_BUS_CONNECTION)
        self.address = address
        self.conn = Gio.DBusConnection.new_for_address_sync(address, flags, None, None)

    def call(self, dest, path, iface, method, args=None, timeout_ms=10000):
        reply = self.conn.call_sync(dest, path, iface, method, args, None,
                                    Gio.DBusCallFlags.NONE, timeout_ms, None)
        return reply.unpack() if reply is not None else ()

    def call_many(self, requests, timeout_ms=10000, batch=256):
        """Sends every (dest, path, iface, method, args) without waiting for the
        replies in between (batch at a time); the replies in order, a GLib.Error
        where a call failed (the widget went away meanwhile)."""
        if len(requests) > batch:
            return [r for i in range(0, len(requests), batch)
                    for r in self.call_many(requests[i:i + batch], timeout_ms, batch)]
        results = [None] * len(requests)
        if not requests:
            return results
        context = GLib.MainContext.new()
        context.push_thread_default()
        left = [len(requests)]

        def done(conn, result, index):
            try:
                results[index] = conn.call_finish(result).unpack()
            except GLib.Error as error:
                results[index] = error
            left[0] -= 1

        try:
            for index, (dest, path, iface, method, args) in enumerate(requests):
                self.conn.call(dest, path, iface, method, args, None,
                               Gio.DBusCallFlags.NONE, timeout_ms, None, done, index)
            while left[0] > 0:
                context.iteration(True)
        finally:
            context.pop_thread_default()
        return results


def _session_bus():
    return Gio.bus_get_sync(Gio.BusType.SESSION, None)


def a11y_address():
    """Starts the session's accessibility bus (org.a11y.Bus) and says where it is."""
    session = _session_bus()
    reply = session.call_sync("org.a11y.Bus", "/org/a11y/bus", "org.a11y.Bus", "GetAddress",
                              None, GLib.VariantType("(s)"), Gio.DBusCallFlags.NONE, 30000, None)
    return reply.unpack()[0]


def require_atspi():
    """The accessibility bus and its registry, or Unavailable saying why not."""
    if Atspi is None:
        raise Unavailable("the AT-SPI client library is missing (%s; packages "
                          "python3-pyatspi / gir1.2-atspi-2.0)" % _IMPORT_ERROR)
    try:
        address = os.environ.get("AT_SPI_BUS_ADDRESS") or a11y_address()
    except GLib.Error as error:
        raise Unavailable("the accessibility bus does not start (package at-spi2-core; "
                          "is a session bus running?): %s" % error.message)
    try:
        bus = A11yBus(address)
    except GLib.Error as error:
        raise Unavailable("the accessibility bus at %s cannot be reached: %s" % (address, error.message))
    # The registry is started on demand; one that exits at once (it could not
    # open the display, say) is started again by the next call.
    deadline = time.monotonic() + 15
    while True:
        try:
            bus.call(REGISTRY, ROOT, ACC, "GetChildren")
            return bus
        except GLib.Error as error:
            if Gio.DBusError.get_remote_error(error) == "org.freedesktop.DBus.Error.ServiceUnknown":
                raise Unavailable("there is no AT-SPI registry (package at-spi2-core): %s" % error.message)
            if time.monotonic() > deadline:
                raise StepFailed("the AT-SPI registry does not answer on %s: %s" % (address, error.message))
        time.sleep(0.5)


# ---- accessible objects -----------------------------------------------------


def role_name(number):
    try:
        return Atspi.role_get_name(Atspi.Role(number))
    except (ValueError, TypeError):
        return "role %d" % number


def clean_name(name):
    """GTK 4.8 names a button with a mnemonic "_Convert Convert": keep "Convert"."""
    if not name:
        return ""
    if "_" in name:
        plain = name.replace("_", "")
        half = len(plain) // 2
        if len(plain) % 2 == 1 and plain[half] == " " and plain[:half] == plain[half + 1:]:
            return plain[:half]
    return name


def matches(pattern, name):
    """pattern: None (anything), a string (the whole name), a compiled regular
    expression (searched) or a function of the name."""
    if pattern is None:
        return True
    name = clean_name(name)
    if isinstance(pattern, str):
        return name == pattern
    if isinstance(pattern, re.Pattern):
        return pattern.search(name) is not None
    return bool(pattern(name))


def describe(role, name):
    parts = []
    if role:
        parts.append(role)
    if name is not None:
        if isinstance(name, re.Pattern):
            name = "/%s/" % name.pattern
        elif callable(name):
            name = getattr(name, "__doc__", None) or "…"
        parts.append("“%s”" % name)
    return " ".join(parts) if parts else "anything"


class Node:
    """One accessible object of the program: where it is on the bus, and what a
    search saw of it (role, name)."""

    def __init__(self, bus, dest, path, role=None, name=None, depth=0):
        self.bus = bus
        self.dest = dest
        self.path = path
        self.role = role
        self.name = name
        self.depth = depth

    def __repr__(self):
        return "[%s] “%s”" % (self.role, self.name)

    def __eq__(self, other):
        return isinstance(other, Node) and (self.dest, self.path) == (other.dest, other.path)

    def __hash__(self):
        return hash((self.dest, self.path))

    def _call(self, iface, method, args=None):
        return self.bus.call(self.dest, self.path, iface, method, args)

    def _prop(self, iface, prop):
        return self._call(PROPS, "Get", GLib.Variant("(ss)", (iface, prop)))[0]

    def refresh(self):
        self.role = role_name(self._call(ACC, "GetRole")[0])
        self.name = self._prop(ACC, "Name")
        return self

    def current_name(self):
        self.name = self._prop(ACC, "Name")
        return clean_name(self.name)

    def children(self):
        return [Node(self.bus, d, p, depth=self.depth + 1)
                for d, p in self._call(ACC, "GetChildren")[0]]

    def parent(self):
        dest, path = self._prop(ACC, "Parent")
        return Node(self.bus, dest, path).refresh()

    def states(self):
        words = self._call(ACC, "GetState")[0]
        return {i + 32 * w for w, bits in enumerate(words) for i in range(32) if bits & (1 << i)}

    def actions(self):
        """The actions' names (not their translated descriptions): "click", "card.open"."""
        try:
            count = self._prop("org.a11y.atspi.Action", "NActions")
        except GLib.Error:
            return []
        replies = self.bus.call_many([(self.dest, self.path, "org.a11y.atspi.Action", "GetName",
                                       GLib.Variant("(i)", (i,))) for i in range(count)])
        return [r[0] if not isinstance(r, GLib.Error) else "" for r in replies]

    def do_action(self, action):
        names = self.actions()
        if action not in names:
            raise StepFailed("%r offers no action “%s” (it offers %s)" % (self, action, names))
        ok = self._call("org.a11y.atspi.Action", "DoAction", GLib.Variant("(i)", (names.index(action),)))[0]
        if not ok:
            raise StepFailed("%r refused the action “%s”" % (self, action))

    def text(self):
        count = self._prop("org.a11y.atspi.Text", "CharacterCount")
        return self._call("org.a11y.atspi.Text", "GetText", GLib.Variant("(ii)", (0, count)))[0]

    def set_text(self, text):
        ok = self._call("org.a11y.atspi.EditableText", "SetTextContents", GLib.Variant("(s)", (text,)))[0]
        if not ok:
            raise StepFailed("%r did not take the text “%s”" % (self, text))

    def select_child(self, index):
        return self._call("org.a11y.atspi.Selection", "SelectChild", GLib.Variant("(i)", (index,)))[0]

    def extents(self):
        """x, y, width, height in the window (GTK 4 knows no screen position)."""
        return self._call("org.a11y.atspi.Component", "GetExtents", GLib.Variant("(u)", (1,)))[0]


def walk(root, prune=None, limit=5000):
    """Every node under root (root included), breadth first, each with its role
    and name; children of nodes for which prune(node) is true are not visited.
    Widgets that go away during the walk are left out."""
    bus = root.bus
    if root.role is None:
        root.refresh()
    out = [root]
    level = [root]
    while level and len(out) < limit:
        parents = [n for n in level if not (prune and prune(n)) and n.role != "label"]
        replies = bus.call_many([(n.dest, n.path, ACC, "GetChildren", None) for n in parents])
        kids = []
        for parent, reply in zip(parents, replies):
            if isinstance(reply, GLib.Error):
                continue
            kids.extend(Node(bus, d, p, depth=parent.depth + 1) for d, p in reply[0])
        requests = []
        for kid in kids:
            requests.append((kid.dest, kid.path, ACC, "GetRole", None))
            requests.append((kid.dest, kid.path, PROPS, "Get", GLib.Variant("(ss)", (ACC, "Name"))))
        replies = bus.call_many(requests)
        level = []
        for i, kid in enumerate(kids):
            role, name = replies[2 * i], replies[2 * i + 1]
            if isinstance(role, GLib.Error) or isinstance(name, GLib.Error):
                continue
            kid.role = role_name(role[0])
            kid.name = name[0]
            level.append(kid)
        out.extend(level)
    return out


def dump(root, limit=250, prune=None):
    """The accessible tree under root that is on the screen, as indented text
    (widgets without a name folded away), for failure messages."""
    lines = []
    try:
        _dump_into(root, lines, 0, limit, prune)
    except GLib.Error as error:
        lines.append("  (the tree changed while read: %s)" % error.message)
    if len(lines) >= limit:
        lines.append("  … (more)")
    return "\n".join(lines)


def _dump_into(node, lines, indent, limit, prune):
    if len(lines) >= limit:
        return
    if node.role is None:
        node.refresh()
    if node.name or node.role not in ("panel", "filler", "label"):
        lines.append("  " + "  " * indent + "[%s] “%s”" % (node.role, clean_name(node.name)))
        indent += 1
    if node.role == "label" or (prune and prune(node)):
        return
    kids = node.children()
    replies = node.bus.call_many(
        [r for k in kids for r in ((k.dest, k.path, ACC, "GetRole", None),
                                  (k.dest, k.path, PROPS, "Get", GLib.Variant("(ss)", (ACC, "Name"))),
                                  (k.dest, k.path, "org.a11y.atspi.Component", "GetExtents",
                                   GLib.Variant("(u)", (1,))))])
    for i, kid in enumerate(kids):
        role, name, extents = replies[3 * i:3 * i + 3]
        if any(isinstance(r, GLib.Error) for r in (role, name)):
            continue
        if not isinstance(extents, GLib.Error) and (extents[0][2] <= 0 or extents[0][3] <= 0):
            continue    # not on the screen
        kid.role = role_name(role[0])
        kid.name = name[0]
        _dump_into(kid, lines, indent, limit, prune)


def boring(node):
    """Subtrees a search never needs: scroll bars."""
    return node.role in ("scroll bar",)


def on_screen(node):
    """Whether a widget has a place in its window: the pages of a stack never
    shown, a switcher bar folded away have none (GTK 4.8 sets no "showing")."""
    try:
        _, _, width, height = node.extents()
    except GLib.Error:
        return False
    return width > 0 and height > 0


def find_all(root, role=None, name=None, where=None, anywhere=False):
    """The nodes under root with this role and name (see matches()) that are
    on the screen (or anywhere in the tree), now."""
    return [n for n in walk(root, prune=boring)
            if (role is None or n.role == role) and matches(name, n.name)
            and (anywhere or on_screen(n)) and (where is None or where(n))]


def wait_until(condition, what, root=None, timeout=None):
    """Polls condition() until it returns something true; StepFailed naming
    what was awaited (and the tree under root) at the deadline."""
    deadline = time.monotonic() + (timeout or TIMEOUT)
    last_error = None
    while True:
        try:
            value = condition()
            if value:
                return value
        except GLib.Error as error:     # a widget went away between two calls
            last_error = error.message
        except StepFailed as error:
            last_error = str(error)
        if time.monotonic() > deadline:
            message = "timed out after %.0f s waiting for %s" % (timeout or TIMEOUT, what)
            if last_error:
                message += "\n  last error: %s" % last_error
            if root is not None:
                message += "\n  the accessible tree of %r:\n%s" % (root, dump(root, prune=boring))
            raise StepFailed(message)
        time.sleep(POLL)


def find(root, role=None, name=None, where=None, timeout=None, what=None, around=None):
    """Waits for one node with this role and name under root; the first in
    breadth-first order (the outermost). A failure shows the tree of around
    (root if not given)."""
    def look():
        found = find_all(root, role, name, where)
        return found[0] if found else None

    return wait_until(look, what or describe(role, name), around or root, timeout)


def wait_gone(root, role=None, name=None, timeout=None, what=None):
    """Waits until no node with this role and name is under root."""
    wait_until(lambda: not find_all(root, role, name, anywhere=True),
               "%s to go away" % (what or describe(role, name)),
               root, timeout)


def press(node):
    """Clicks a button or a menu item through its accessible action."""
    actions = node.actions()
    for action in ("click", "activate", "toggle"):
        if action in actions:
            node.do_action(action)
            return
    raise StepFailed("%r cannot be pressed (its actions: %s)" % (node, actions))


def check_box(bus, node):
    """Ticks a check box or radio button: GTK 4.8 gives them no accessible
    action, so it is clicked with the mouse, as a user would."""
    checked = int(Atspi.StateType.CHECKED)
    if checked in node.states():
        return
    if any(a in node.actions() for a in ("click", "toggle")):
        press(node)
    else:
        click(bus, node, 0.5)
    wait_until(lambda: checked in node.states(), "%r to be ticked" % node)


def press_button(root, name, role="push button", timeout=None):
    """Finds a button by its name under root and presses it."""
    button = find(root, role, name, timeout=timeout)
    press(button)
    return button


def set_text(field, text):
    """Puts text into an entry through AT-SPI's EditableText and checks it is there."""
    field.set_text(text)
    wait_until(lambda: field.text() == text, "%r to hold “%s”" % (field, text))


def row_with(root, *texts, timeout=None):
    """Waits for a list row showing all these texts (labels or buttons' names)."""
    def has_all(row):
        names = {clean_name(n.name) for n in walk(row, prune=boring)}
        return all(any(matches(t, n) for n in names) for t in texts)

    return find(root, "list item", None, where=has_all, timeout=timeout,
                what="a row showing %s" % ", ".join(describe(None, t) for t in texts))


def wait_label(root, text, timeout=None):
    """Waits for a label showing exactly text (or matching a pattern) under root."""
    return find(root, "label", text, timeout=timeout, what="a label %s" % describe(None, text))


# ---- keyboard and pointer ---------------------------------------------------


def key(bus, name):
    """Presses and releases one key (a name from KEYSYMS) where the focus is."""
    bus.call(REGISTRY, DEC_PATH, DEC, "GenerateKeyboardEvent",
             GLib.Variant("(isu)", (KEYSYMS[name], "", KEY_SYM)))


def type_text(bus, text):
    """Types text on the keyboard where the focus is, as a user would."""
    bus.call(REGISTRY, DEC_PATH, DEC, "GenerateKeyboardEvent",
             GLib.Variant("(isu)", (0, text, KEY_STRING)))


def click(bus, node, x_fraction=0.3):
    """Clicks with the mouse into node (windows sit at the screen's corner under
    Xvfb, which has no window manager to move them)."""
    def placed():
        x, y, width, height = node.extents()
        return (x, y, width, height) if width > 0 and height > 0 and x >= 0 and y >= 0 else None

    # a page just shown has its widgets placed at its next frame
    x, y, width, height = wait_until(placed, "%r to be on the screen (to click it)" % node)
    bus.call(REGISTRY, DEC_PATH, DEC, "GenerateMouseEvent",
             GLib.Variant("(iis)", (x + int(width * x_fraction), y + height // 2, "b1c")))


def type_into(bus, field, text):
    """Clicks into an empty entry, types text on the keyboard, checks it arrived."""
    if field.text():
        raise StepFailed("%r is not empty (it holds “%s”): type_into() types into empty fields"
                         % (field, field.text()))
    click(bus, field)
    type_text(bus, text)
    wait_until(lambda: text in field.text(), "the typed “%s” to arrive in %r" % (text, field))


# ---- the program ------------------------------------------------------------


class Build:
    """Where the built programs and their data are (from the meson test's environment)."""

    def __init__(self):
        missing = [v for v in ("FCRM_GUI", "FCRM_CLI", "GSETTINGS_SCHEMA_DIR") if not os.environ.get(v)]
        if missing:
            raise StepFailed("%s not set: run the journeys with meson test -C _build --suite journey"
                             % ", ".join(missing))
        self.gui = os.environ["FCRM_GUI"]
        self.cli = os.environ["FCRM_CLI"]
        self.schemas = os.environ["GSETTINGS_SCHEMA_DIR"]
        self.localedir = os.environ.get("FCRM_LOCALEDIR", "")


class Database:
    """A fresh SQLite database made with the command-line program."""

    def __init__(self, build, folder):
        self.build = build
        self.path = os.path.join(folder, "crm.sqlite3")
        self.run("init", json_output=False)

    def run(self, *args, at=None, json_output=True):
        argv = [self.build.cli, "--db", self.path]
        if at:
            argv.append("--at=" + at)
        if json_output:
            argv.append("--json")
        argv.extend(args)
        env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8")
        env.pop("LANGUAGE", None)
        done = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=60)
        if done.returncode != 0:
            raise StepFailed("furniture-crm-cli %s failed (%d): %s"
                             % (" ".join(args), done.returncode, done.stderr.strip()))
        return json.loads(done.stdout) if json_output else done.stdout

    def wait(self, what, check, *args):
        """Polls a CLI command until check(its JSON) is true: another process's
        write is seen by the CLI as soon as it is committed."""
        last = [None]

        def look():
            last[0] = self.run(*args)
            return check(last[0])

        try:
            wait_until(look, what)
            return last[0]
        except StepFailed as error:
            raise StepFailed("%s\n  furniture-crm-cli %s said: %s"
                             % (error, " ".join(args), json.dumps(last[0], ensure_ascii=False)[:1500]))


class App:
    """The furniture-crm program running on a database as a user, and its
    accessible windows."""

    def __init__(self, bus, build, db, user, folder, lang=None):
        self.bus = bus
        self.build = build
        env = dict(os.environ)
        for var in ("NO_AT_BRIDGE", "GTK_A11Y", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
            env.pop(var, None)
        env.update({
            "GSK_RENDERER": "cairo",
            "GSETTINGS_BACKEND": "memory",
            "GSETTINGS_SCHEMA_DIR": build.schemas,
            "AT_SPI_BUS_ADDRESS": bus.address,
            "XDG_CONFIG_HOME": os.path.join(folder, "config"),
            "XDG_DATA_HOME": os.path.join(folder, "data"),
            "XDG_CACHE_HOME": os.path.join(folder, "cache"),
            "LANG": "C.UTF-8",
        })
        if build.localedir:
            env["FCRM_LOCALEDIR"] = build.localedir
        if lang:
            env.update({"LANG": lang + ".UTF-8", "LC_ALL": lang + ".UTF-8", "LANGUAGE": lang.split("_")[0]})
        self.log_path = os.path.join(folder, "furniture-crm.log")
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen([build.gui, "--db", db.path, "--user", user],
                                        env=env, stdout=self.log_file, stderr=subprocess.STDOUT)
        self.root = None
        self.root = wait_until(self._find_root, "furniture-crm (pid %d) on the accessibility bus"
                               % self.process.pid, timeout=max(TIMEOUT, 30))
        self.main = wait_until(self._main_window, "the main window")

    def _find_root(self):
        if self.process.poll() is not None:
            raise StepFailed("furniture-crm exited with status %d:\n%s" % (self.process.returncode, self.output()))
        for dest, path in self.bus.call(REGISTRY, ROOT, ACC, "GetChildren")[0]:
            try:
                pid = self.bus.call("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus",
                                    "GetConnectionUnixProcessID", GLib.Variant("(s)", (dest,)))[0]
            except GLib.Error:
                continue
            if pid == self.process.pid:
                return Node(self.bus, dest, path).refresh()
        return None

    def windows(self):
        """The program's windows now (dialogs and cards included)."""
        return walk(self.root, prune=lambda n: n is not self.root)[1:]

    def _main_window(self):
        # the main window is the one with the window actions (whatever the language)
        for window in self.windows():
            if "win.new-lead" in window.actions():
                return window
        return None

    def window(self, name, timeout=None):
        """Waits for a window (a dialog, a card) with this title."""
        def look():
            return next((w for w in self.windows() if matches(name, w.name)), None)

        try:
            return wait_until(look, "a window “%s”" % (name if isinstance(name, str) else getattr(name, "pattern", name)),
                              timeout=timeout)
        except StepFailed as error:
            raise StepFailed("%s\n  the windows are: %s" % (error, [w.name for w in self.windows()]))

    def window_showing(self, role, name, timeout=None):
        """Waits for a window holding a widget with this role and name (a
        message dialog is known by its heading, not by a title)."""
        def look():
            for window in self.windows():
                if window != self.main and find_all(window, role, name):
                    return window
            return None

        try:
            return wait_until(look, "a window with %s" % describe(role, name), timeout=timeout)
        except StepFailed as error:
            raise StepFailed("%s\n  the windows are: %s" % (error, [w.name for w in self.windows()]))

    def wait_window_gone(self, window, timeout=None):
        wait_until(lambda: window not in self.windows(), "the window %r to close" % window, timeout=timeout)

    def output(self, tail=4000):
        """What the program printed (its last tail characters; None: all)."""
        self.log_file.flush()
        with open(self.log_path, errors="replace") as f:
            text = f.read()
        return text[-tail:] if tail else text

    def quit(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


# ---- the program's views ----------------------------------------------------


def select_view(app, name):
    """Chooses a view in the sidebar, as a click would."""
    def sidebar():
        for lst in find_all(app.main, "list"):
            items = [c.refresh() for c in lst.children()]
            names = [clean_name(i.name) if i.role == "list item" else None for i in items]
            if name in names:
                return lst, names.index(name)
        return None

    lst, index = wait_until(sidebar, "a sidebar entry “%s”" % name, app.main)
    if not lst.select_child(index):
        raise StepFailed("the sidebar did not select “%s”" % name)


def show_view(app, name):
    """Chooses a board or a list view (Callbacks, …) in the sidebar; the view."""
    select_view(app, name)
    return board_or_view(app, name)


def board_or_view(app, name):
    """The view once shown: a board is a panel named after its pipeline, a
    list view (Callbacks, Tasks) a list named after the view."""
    return find(app.main, None, name, where=lambda n: n.role in ("panel", "list"),
                what="the view “%s”" % name)


def column(board, stage):
    """A board's column of a stage: a list named after the stage."""
    return find(board, "list", stage, what="the column “%s”" % stage)


def card_named(title):
    """A board card's accessible name starts with its title."""
    def match(name):
        return name == title or name.startswith(title + ",")

    match.__doc__ = title + ", …"
    return match


def board_card(board, title, stage=None, timeout=None):
    """Waits for the card titled title on a board (in the column of stage if given)."""
    root = column(board, stage) if stage else board
    return find(root, None, card_named(title), where=lambda n: "card.show-menu" in n.actions(),
                timeout=timeout, around=board,
                what="the card “%s” in %s" % (title, "“%s”" % stage if stage else "the board"))


def column_of(card):
    """The stage (column) a board card stands in: its list's name."""
    return clean_name(card.parent().parent().current_name())


def no_board_card(board, title, stage, timeout=None):
    root = column(board, stage)
    wait_gone(root, None, card_named(title), timeout=timeout,
              what="the card “%s” in “%s”" % (title, stage))


def menu_item_named(label):
    """A menu item for a stage: "Lost…" opens a dialog, "In progress" does not."""
    def match(name):
        return name == label or name.rstrip("…") == label.rstrip("…")

    match.__doc__ = label
    return match


def card_menu(board, card, label):
    """Opens a board card's menu (its ⋮ button, Menu or a right-click) and
    chooses label in it ("Open" or a stage under "Move to")."""
    card.do_action("card.show-menu")
    item = find(card, "menu item", menu_item_named(label), what="the menu item “%s”" % label)
    press(item)
    wait_gone(card, "menu item", menu_item_named(label), what="the card's menu")


def open_card(app, board, title):
    """Opens a board card's lead or deal card window."""
    board_card(board, title).do_action("card.open")
    return app.window(title)


def close_window(app, window):
    window.do_action("window.close")
    app.wait_window_gone(window)


# ---- translations -----------------------------------------------------------


def translator(build, lang):
    """_() for the language the program runs in, from the build's catalog."""
    if not lang:
        return lambda text: text
    language = lang.split("_")[0]
    try:
        catalog = gettext.translation("furniture-crm", localedir=build.localedir or None,
                                      languages=[language])
    except OSError:
        raise StepFailed("no %s catalog of furniture-crm under %s" % (language, build.localedir))
    return catalog.gettext


# ---- running a journey ------------------------------------------------------


def run(journeys, argv):
    """Runs the journey named in argv[1] in a private session bus (and an X
    server when there is none); exit status 0, 1, or 77 when AT-SPI is missing."""
    if len(argv) != 2 or argv[1] not in journeys:
        print("usage: %s JOURNEY (one of %s)" % (argv[0], ", ".join(journeys)), file=sys.stderr)
        return 2
    name = argv[1]
    if not os.environ.get("FCRM_JOURNEY_INNER"):
        return _run_outer(argv)

    try:
        bus = require_atspi()
    except Unavailable as why:
        print("SKIP: AT-SPI is not available here, so the journey “%s” cannot run: %s" % (name, why))
        return SKIP
    except StepFailed as failure:
        print("not ok - journey %s: %s" % (name, failure))
        return 1

    try:
        build = Build()
    except StepFailed as failure:
        print("not ok - journey %s: %s" % (name, failure))
        return 1
    folder = tempfile.mkdtemp(prefix="fcrm-journey-")
    started = time.monotonic()
    log("journey %s (AT-SPI bus %s)" % (name, bus.address))
    context = Context(bus, build, folder)
    try:
        journeys[name](context)
        context.check_outputs()
    except StepFailed as failure:
        print("not ok - journey %s: %s" % (name, failure))
        context.print_outputs()
        return 1
    finally:
        context.close()
        subprocess.run(["rm", "-rf", folder])
    print("ok - journey %s in %.1f s" % (name, time.monotonic() - started))
    return 0


class Context:
    """What a journey works with: the bus, the build, a folder; the programs it
    started are stopped at the end."""

    def __init__(self, bus, build, folder):
        self.bus = bus
        self.build = build
        self.folder = folder
        self.apps = []
        self.processes = []

    def database(self):
        return Database(self.build, self.folder)

    def start(self, db, user, lang=None):
        log("starting furniture-crm as %s%s" % (user, " in " + lang if lang else ""))
        app = App(self.bus, self.build, db, user, self.folder, lang)
        self.apps.append(app)
        return app

    def step(self, text):
        log(text)

    def check_outputs(self):
        """A journey that went through while GTK complained (a template that did
        not build leaves its widget out) has not passed."""
        for app in self.apps:
            criticals = [line for line in app.output(None).splitlines() if "-CRITICAL **" in line]
            if criticals:
                raise StepFailed("furniture-crm reported criticals:\n    " + "\n    ".join(criticals[:10]))

    def print_outputs(self):
        for app in self.apps:
            out = app.output().strip()
            if out:
                print("# furniture-crm said:\n" + "\n".join("#   " + l for l in out.splitlines()[-40:]))

    def close(self):
        for app in self.apps:
            app.quit()
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(5)
                except subprocess.TimeoutExpired:
                    process.kill()


def _run_outer(argv):
    """Re-runs this journey in its own session bus (its accessibility bus, its
    notification daemon and a single furniture-crm of its own), under Xvfb
    when there is no display."""
    wrapper = []
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        if not _which("xvfb-run"):
            print("not ok - no display (DISPLAY) and no xvfb-run to make one (package xvfb)")
            return 1
        wrapper = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24"]
    if not _which("dbus-run-session"):
        print("SKIP: dbus-run-session is missing (package dbus), so there is no session "
              "bus for AT-SPI")
        return SKIP
    # The accessibility bus's socket goes to $XDG_RUNTIME_DIR/at-spi (else a
    # path per display, shared with any other session on the same display).
    runtime = tempfile.mkdtemp(prefix="fcrm-journey-run-")
    env = dict(os.environ, FCRM_JOURNEY_INNER="1", XDG_RUNTIME_DIR=runtime)
    env.pop("AT_SPI_BUS_ADDRESS", None)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    command = wrapper + ["dbus-run-session", "--", sys.executable] + argv
    try:
        return subprocess.run(command, env=env).returncode
    finally:
        subprocess.run(["rm", "-rf", runtime])


def _which(program):
    return any(os.access(os.path.join(d, program), os.X_OK)
               for d in os.environ.get("PATH", "/usr/bin:/bin").split(os.pathsep))
