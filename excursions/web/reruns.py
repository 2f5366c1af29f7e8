"""How fast one browser, and one network address, may ask for script runs, enforced before
Streamlit sees the request.

Every rerun request a browser sends over /_stcore/stream costs Streamlit work on the
event loop, and a run costs a core. A person taps: a few requests a second at most, in
short bursts. A script floods: 2,000 requests over ten connections in a tenth of a second
stalled the server for seconds, and 200 websockets with 20 requests each kept a new phone
waiting 36 s. So each browser gets a bucket of RUN_BURST requests that refills at RUN_RATE a
second, shared by all its websockets (its cookie, excursions.browsers; a connection without
one shares its network address's), and each network address a larger one for all its
browsers together (ADDRESS_RUN_*: a venue's Wi-Fi stays far below it). A request beyond
either is not passed on yet but held, and a newer one on the same connection is merged
into it (`merged`): the newest widget values, every button press of both (the browser
sends a press once, so a newer request lacks it), and the run that covers them (a page
run covers every fragment; a fragment's timed refresh never displaces a person's tap in
another, such as a wish moved up in the sign-up dialog). The held request goes to
Streamlit as soon as the buckets allow. Nothing a person does is lost, and a flood costs
one run per 1/RUN_RATE seconds per browser. Connections from this machine without a cookie (a local
proxy without the proxy headers, a test) keep a bucket of their own each.

ASGI middleware around st.App: a public interface, nothing of Streamlit's is changed.
"""

from __future__ import annotations

import asyncio
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from excursions import browsers
from excursions.limits import ADDRESS_RUN_BURST, ADDRESS_RUN_RATE, RUN_BURST, RUN_RATE, Bucket
from excursions.web.asgi import ASGIApp, Message, Receive, Scope, Send
from excursions.web.browser_id import browser_of

STREAM_PATH = "/_stcore/stream"
LOCAL = {"127.0.0.1", "::1", ""}  # Streamlit, too, reports no address for these
KEEP = 20_000  # buckets kept per process before the ones that are full again are dropped


# Widget values that stand for one press (a button, a chat message): sent once, then cleared.
PRESSES = ("trigger_value", "string_trigger_value", "chat_input_value", "json_trigger_value")
# Presses one held request carries at most: a person presses a few buttons in a second; a
# flood pressing a new made-up widget each time must not grow the request it is merged into.
MAX_PRESSES = 16


def _pressed(state: WidgetState) -> bool:
    kind = state.WhichOneof("value")
    if kind not in PRESSES:
        return False
    value = getattr(state, kind)
    return bool(value) if isinstance(value, bool | str) else value.HasField("data")


def merged(older: BackMsg, newer: BackMsg) -> BackMsg:
    """One rerun request for two that came while the buckets were empty: the newer one's
    widget values with the older one's presses it lacks, and a run covering what a person
    did: a page run if either was one; of two fragments, the one a person caused (a timed
    refresh, `is_auto_rerun`, yields), the page when a person caused both."""
    out = BackMsg()
    out.CopyFrom(newer)
    if not older.rerun_script.fragment_id and newer.rerun_script.fragment_id:
        out.CopyFrom(older)  # a page run stays one, for its page and query, with the newest values
        out.rerun_script.widget_states.CopyFrom(newer.rerun_script.widget_states)
    run, old = out.rerun_script, older.rerun_script
    at = {w.id: i for i, w in enumerate(run.widget_states.widgets)}
    newer_presses = {w.id for w in run.widget_states.widgets if _pressed(w)}
    older_presses = [w for w in old.widget_states.widgets if _pressed(w)]
    room = MAX_PRESSES - len(newer_presses)
    for state in older_presses[-room:] if room > 0 else []:  # the latest presses first kept
        if state.id in newer_presses:
            continue
        if state.id in at:
            run.widget_states.widgets[at[state.id]].CopyFrom(state)
        else:
            run.widget_states.widgets.add().CopyFrom(state)
    run.is_auto_rerun = old.is_auto_rerun and newer.rerun_script.is_auto_rerun
    if not old.fragment_id or not newer.rerun_script.fragment_id:
        run.fragment_id = ""  # a page run reruns every fragment too
    elif old.fragment_id != run.fragment_id:
        older_acted = bool(older_presses) or not old.is_auto_rerun
        newer_acted = bool(newer_presses) or not newer.rerun_script.is_auto_rerun
        if older_acted and newer_acted:
            run.fragment_id = ""
        elif older_acted:
            run.fragment_id = old.fragment_id
    return out


def rerun_request(message: Message) -> BackMsg | None:
    """The rerun request a websocket message carries, parsed; None for anything else."""
    data = message.get("bytes")
    if message.get("type") != "websocket.receive" or not data:
        return None
    try:
        back = BackMsg.FromString(data)
    except Exception:  # not ours to judge: Streamlit answers malformed messages itself
        return None
    return back if back.WhichOneof("type") == "rerun_script" else None


class Buckets:
    """The shared buckets of one process, by key; full ones are forgotten when there are many."""

    def __init__(self, burst: float, rate: float):
        self.burst, self.rate = burst, rate
        self._buckets: dict[str, Bucket] = {}

    def get(self, key: str) -> Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= KEEP:
                self._prune(time.monotonic())
            bucket = self._buckets[key] = Bucket(self.burst, self.rate, self.burst, time.monotonic())
        return bucket

    def _prune(self, now: float) -> None:
        full_after = self.burst / self.rate
        for key in [k for k, b in self._buckets.items() if now - b.at > full_after]:
            del self._buckets[key]


class Pace:
    """The buckets one connection draws on: all must have a token for a request to go."""

    def __init__(self, *buckets: Bucket):
        self.buckets = buckets

    def take(self, now: float) -> bool:
        if all(b.wait(now) == 0 for b in self.buckets):
            for b in self.buckets:
                b.take(now)
            return True
        return False

    def wait(self, now: float) -> float:
        return max(b.wait(now) for b in self.buckets)


class RerunLimit:
    def __init__(
        self,
        app: ASGIApp,
        burst: float = RUN_BURST,
        rate: float = RUN_RATE,
        address_burst: float = ADDRESS_RUN_BURST,
        address_rate: float = ADDRESS_RUN_RATE,
    ):
        self.app, self.burst, self.rate = app, burst, rate
        self.browsers = Buckets(burst, rate)
        self.addresses = Buckets(address_burst, address_rate)

    async def pace_for(self, scope: Scope) -> Pace:
        address = (scope.get("client") or ("", 0))[0] or ""
        address = "" if address in LOCAL else address
        browser = await browser_of(scope)
        if not browser and not address:  # a local connection without a cookie: its own bucket
            return Pace(Bucket(self.burst, self.rate, self.burst, time.monotonic()))
        own = self.browsers.get(browsers.source_key(browser, address, ""))
        return Pace(own, self.addresses.get(address)) if address else Pace(own)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "websocket" or not scope["path"].endswith(STREAM_PATH):
            return await self.app(scope, receive, send)
        await self.app(scope, _Limited(receive, await self.pace_for(scope)), send)


class _Limited:
    """One connection's receive(), with its rerun requests paced by its buckets."""

    def __init__(self, receive: Receive, bucket: Bucket | Pace):
        self.receive, self.bucket = receive, bucket
        # The request waiting for a token: the message as it came and, once a newer one was
        # merged into it, the merged request (parsed once, serialised when it goes).
        self.held: tuple[Message, BackMsg | None] | None = None
        self.next: asyncio.Future | None = None  # a receive() started while a request was held

    async def _incoming(self, timeout: float | None) -> Message | None:
        if self.next is None:
            self.next = asyncio.ensure_future(self.receive())
        done, _ = await asyncio.wait({self.next}, timeout=timeout)
        if not done:
            return None
        message, self.next = self.next.result(), None
        return message

    def _release(self) -> Message:
        assert self.held is not None
        (message, both), self.held = self.held, None
        return message if both is None else {**message, "bytes": both.SerializeToString()}

    async def __call__(self) -> Message:
        while True:
            if self.held is not None:
                message = await self._incoming(self.bucket.wait(time.monotonic()))
                if message is None:  # the bucket allows one now: the held request goes
                    if self.bucket.take(time.monotonic()):
                        return self._release()
                    continue
            else:
                message = await self._incoming(None)
                assert message is not None
            request = rerun_request(message)
            if request is None:
                if message.get("type") == "websocket.disconnect":
                    self.held = None
                return message
            if self.held is None:
                if self.bucket.take(time.monotonic()):
                    return message
                self.held = (message, None)
                continue
            held, both = self.held
            older = both if both is not None else BackMsg.FromString(held["bytes"])
            self.held = (message, merged(older, request))  # one request for both, losing no press
