"""The notification centre (站内信): orders, returns, deadlines and survey requests, each
with an unread count since the user last opened that category."""
