"""A tiny freedesktop notification server for tests, run under `dbus-run-session`.

It owns `org.freedesktop.Notifications` on the session bus, appends every `Notify` call to a
JSON-lines file, and can "press" a button: `--press KEY` emits `ActionInvoked(id, KEY)` shortly
after each notification that offers that action. It prints `ready <bus address>` once it owns
the name, so the test can start `coach remind` on the same bus.

(No `from __future__ import annotations` here: dbus-fast reads the D-Bus signatures from the
annotations themselves.)
"""

import argparse
import asyncio
import json
import os
import signal

from dbus_fast.aio import MessageBus
from dbus_fast.service import ServiceInterface, method
from dbus_fast.service import signal as dbus_signal


class Notifications(ServiceInterface):
    def __init__(self, record: str, press: str | None) -> None:
        super().__init__("org.freedesktop.Notifications")
        self.record = record
        self.press = press
        self.next_id = 0

    @method()
    def GetCapabilities(self) -> "as":  # noqa: F722, F821
        return ["actions", "body"]

    @method()
    def GetServerInformation(self) -> "ssss":  # noqa: F821
        return ["coach-test-server", "coach", "1.0", "1.2"]

    @method()
    def Notify(  # noqa: N802
        self,
        app_name: "s",  # noqa: F821
        replaces_id: "u",  # noqa: F821
        app_icon: "s",  # noqa: F821
        summary: "s",  # noqa: F821
        body: "s",  # noqa: F821
        actions: "as",  # noqa: F821, F722
        hints: "a{sv}",  # noqa: F821, F722
        expire_timeout: "i",  # noqa: F821
    ) -> "u":  # noqa: F821
        self.next_id += 1
        nid = self.next_id
        entry = {"id": nid, "app_name": app_name, "summary": summary, "body": body}
        entry["actions"] = list(actions)
        with open(self.record, "a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry) + "\n")
        if self.press and self.press in actions[::2]:
            asyncio.get_running_loop().call_later(0.3, self.ActionInvoked, nid, self.press)
        return nid

    @method()
    def CloseNotification(self, nid: "u") -> None:  # noqa: F821, N802
        self.NotificationClosed(nid, 3)

    @dbus_signal()
    def ActionInvoked(self, nid, key) -> "us":  # noqa: F821, N802
        return [nid, key]

    @dbus_signal()
    def NotificationClosed(self, nid, reason) -> "uu":  # noqa: F821, N802
        return [nid, reason]


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--record", required=True)
    parser.add_argument("--press", default=None)
    parser.add_argument("--no-name", action="store_true", help="a bus with no server on it")
    args = parser.parse_args()
    bus = await MessageBus().connect()
    if not args.no_name:
        bus.export("/org/freedesktop/Notifications", Notifications(args.record, args.press))
        await bus.request_name("org.freedesktop.Notifications")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print("ready", os.environ["DBUS_SESSION_BUS_ADDRESS"], flush=True)
    await stop.wait()
    bus.disconnect()


if __name__ == "__main__":
    asyncio.run(main())
