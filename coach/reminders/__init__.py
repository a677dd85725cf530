"""Daily reminders: when they fire, whether to show them, how they reach the user.

`schedule` is pure (triggers, next fire times, the late/missed/duplicate rules) and `zones` finds
the machine's zone; `state` keeps snoozes, follow-ups and what was shown in the state folder;
`notify` delivers; `core` is the policy with its side effects and `jobs` puts it on a scheduler
(both shared with the app); `log` writes remind.log; `service` is the asyncio loop behind
`coach remind`; `units` and `ics` write files for systemd, launchd and calendars. Nothing here
imports Textual, and this package's `__init__` imports nothing at all so `coach --version` stays
light.
"""
