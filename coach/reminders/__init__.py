"""Daily reminders: when they fire, whether to show them, how they reach the user.

`schedule` is pure (triggers, next fire times, the late/missed/duplicate rules); `state` keeps
snoozes, follow-ups and what was shown in the state folder; `notify` delivers; `service` is the
asyncio loop behind `coach remind`; `units` and `ics` write files for systemd, launchd and
calendars. Nothing here imports Textual, and this package's `__init__` imports nothing at all so
`coach --version` stays light.
"""
