"""The composition root: what one process shares, made in one place.

The settings, one Store per database (one SQLAlchemy engine and pool, with the
lock_timeout_seconds setting applied), the event and routes, and the mail sender. The
pages (through excursions/ui/context.py), the app's own endpoints (excursions/web/) and
the benches get them here, so a process holds one engine however many parts ask; tests
start afresh with reset().
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from excursions import settings as settings_mod
from excursions.mail.transport import transport_from_url
from excursions.mail.worker import MailWorker
from excursions.memo import clear_all, memo
from excursions.round_keeper import RoundKeeper
from excursions.sources import catalogue, database_url, get_settings, installation_url, store_for
from excursions.store import Store

_senders: list[MailWorker] = []
_keepers: list[RoundKeeper] = []


def settings() -> settings_mod.Settings:
    """The settings, read from the environment once per process (settings.load)."""
    return get_settings()


def store(cfg: settings_mod.Settings | None = None) -> Store:
    """The process's store for the current event's database: one engine, the lock timeout
    applied."""
    return store_for(database_url(cfg or settings()))


def installation_store(cfg: settings_mod.Settings | None = None) -> Store:
    """The installation's own database: which event is current, and what outlives an event
    (the organiser pass's key and spent passes)."""
    return store_for(installation_url(cfg or settings()))


@memo(maxsize=4)
def _mail_sender(url: str, mail_url: str, data_dir: str, retry_seconds: int) -> MailWorker:
    """One mail sender per process. Settings do not change in a running app; when they do
    (tests), the sender for the old ones stops."""
    while _senders:
        _senders.pop().stop(timeout=0)
    transport = transport_from_url(mail_url, Path(data_dir))
    worker = MailWorker(store_for(url), transport, catalogue, first_retry=dt.timedelta(seconds=retry_seconds))
    _senders.append(worker)
    while _keepers:
        _keepers.pop().stop(timeout=0)
    _keepers.append(RoundKeeper(store_for(url), lambda: catalogue()[0], worker.wake).start())
    return worker.start()


def mail_sender(cfg: settings_mod.Settings | None = None) -> MailWorker:
    """The process's mail sender, started on first use (serve mode starts it before any page
    runs, so mail queued while the app was down goes out without waiting for a visitor); with
    it, the keeper that makes the wish round's draw at its close (excursions.round_keeper)."""
    cfg = cfg or settings()
    return _mail_sender(database_url(cfg), cfg.mail_url, str(cfg.data_dir), cfg.mail_retry_seconds)


def reset(timeout: float = 0) -> None:
    """Forget everything this process made (tests): the sender and the round keeper stop
    (waited for up to `timeout` s, so neither reads the settings of a test that is over
    into the memos of the next), memos are cleared."""
    while _senders:
        _senders.pop().stop(timeout=timeout)
    while _keepers:
        _keepers.pop().stop(timeout=timeout)
    clear_all()
