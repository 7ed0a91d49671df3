"""A real SMTP server for the production system test: every message it accepts is written to a
folder, one file per message, so the test reads what was actually delivered.

    python -m tests.system.smtp_sink HOST PORT FOLDER
"""

import asyncio
import sys
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class SaveToFolder:
    def __init__(self, folder):
        self.folder = Path(folder)

    async def handle_DATA(self, server, session, envelope):
        name = self.folder / f"{uuid.uuid4().hex}.eml"
        recipients = "".join(f"X-Envelope-To: {rcpt}\r\n" for rcpt in envelope.rcpt_tos)
        # Written under a temporary name and renamed, so the test never reads half a message.
        partial = name.with_suffix(".part")
        partial.write_bytes(recipients.encode() + envelope.original_content)
        partial.rename(name)
        return "250 OK"


def main():
    host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    Path(folder).mkdir(parents=True, exist_ok=True)
    controller = Controller(SaveToFolder(folder), hostname=host, port=port)
    controller.start()
    print(f"smtp sink on {host}:{port}", flush=True)
    try:
        asyncio.new_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
