"""E-mail: a mailbox read over IMAP (`client.py`), its messages parsed (`parse.py`), replies
sent over SMTP (`adapter.py`), and a local IMAP server for tests (`fake.py`)."""
