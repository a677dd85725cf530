"""Spoken cues: which program is used, and how it is run (argument lists, never a shell)."""

from __future__ import annotations

import subprocess

from coach.speech import Speaker, find_speech_command


class FakeProcess:
    def __init__(self, argv: list[str], kwargs: dict) -> None:
        self.argv = argv
        self.kwargs = kwargs
        self.running = True
        self.terminated = False

    def poll(self) -> int | None:
        return None if self.running else 0

    def terminate(self) -> None:
        self.terminated = True
        self.running = False


class FakePopen:
    def __init__(self, fail: bool = False) -> None:
        self.calls: list[FakeProcess] = []
        self.fail = fail
        self.attempts = 0

    def __call__(self, argv, **kwargs) -> FakeProcess:
        self.attempts += 1
        if self.fail:
            raise FileNotFoundError(2, "No such file or directory", argv[0])
        process = FakeProcess(argv, kwargs)
        self.calls.append(process)
        return process


def which_from(installed: dict[str, str]):
    asked: list[str] = []

    def which(name: str) -> str | None:
        asked.append(name)
        return installed.get(name)

    return which, asked


def test_prefers_spd_say() -> None:
    which, asked = which_from({"spd-say": "/usr/bin/spd-say", "espeak-ng": "/usr/bin/espeak-ng"})
    assert find_speech_command(which) == ["/usr/bin/spd-say", "--wait", "--"]
    assert asked == ["spd-say"]


def test_falls_back_to_espeak_ng_then_espeak() -> None:
    which, asked = which_from({"espeak-ng": "/opt/bin/espeak-ng"})
    assert find_speech_command(which) == ["/opt/bin/espeak-ng", "-s", "150", "--"]
    assert asked == ["spd-say", "espeak-ng"]
    which, asked = which_from({"espeak": "/usr/bin/espeak"})
    assert find_speech_command(which) == ["/usr/bin/espeak", "-s", "150", "--"]
    assert asked == ["spd-say", "espeak-ng", "espeak"]


def test_no_program_means_no_speech() -> None:
    which, asked = which_from({})
    assert find_speech_command(which) is None
    assert asked == ["spd-say", "espeak-ng", "espeak"]


def test_say_runs_an_argument_list_in_the_background() -> None:
    popen = FakePopen()
    speaker = Speaker(["/usr/bin/espeak-ng", "-s", "150", "--"], popen=popen)
    assert speaker.available is True
    assert speaker.say("Lift; rm -rf ~ && echo $HOME") is True
    [process] = popen.calls
    assert process.argv == ["/usr/bin/espeak-ng", "-s", "150", "--", "Lift; rm -rf ~ && echo $HOME"]
    assert process.kwargs == {
        "stdin": subprocess.DEVNULL,
        "stdout": subprocess.DEVNULL,
        "stderr": subprocess.DEVNULL,
        "start_new_session": True,
    }
    assert "shell" not in process.kwargs


def test_a_new_phrase_cuts_off_one_still_speaking() -> None:
    popen = FakePopen()
    speaker = Speaker(["espeak", "--"], popen=popen)
    speaker.say("Lift")
    speaker.say("Hold")
    first, second = popen.calls
    assert first.terminated is True
    assert second.terminated is False
    assert second.argv == ["espeak", "--", "Hold"]


def test_a_finished_phrase_is_not_terminated() -> None:
    popen = FakePopen()
    speaker = Speaker(["espeak", "--"], popen=popen)
    speaker.say("Lift")
    popen.calls[0].running = False
    speaker.say("Hold")
    assert popen.calls[0].terminated is False


def test_stop_cuts_off_the_current_phrase() -> None:
    popen = FakePopen()
    speaker = Speaker(["espeak", "--"], popen=popen)
    speaker.say("Lift")
    speaker.stop()
    assert popen.calls[0].terminated is True
    speaker.stop()  # nothing left to stop


def test_goes_quiet_when_the_program_vanished() -> None:
    popen = FakePopen(fail=True)
    speaker = Speaker(["/usr/bin/espeak-ng", "--"], popen=popen)
    assert speaker.say("Lift") is False
    assert speaker.available is False
    assert speaker.say("Hold") is False
    assert popen.attempts == 1  # no further tries once it is gone


def test_without_a_program_nothing_runs() -> None:
    popen = FakePopen()
    for argv in (None, []):
        speaker = Speaker(argv, popen=popen)
        assert speaker.available is False
        assert speaker.say("Lift") is False
    assert popen.attempts == 0


def test_empty_text_is_not_spoken() -> None:
    popen = FakePopen()
    speaker = Speaker(["espeak", "--"], popen=popen)
    speaker.say("Lift")
    assert speaker.say("") is False
    assert popen.attempts == 1
    assert popen.calls[0].terminated is False
