"""Log filters.

Django logs every refused request (403, 404, 400 for a bad Host header or a broken
upload) together with the exception that refused it, so each probe by a scanner writes
a traceback of twenty lines. A refusal is the platform working as intended: one line
with the status and the path says everything, and real errors stay easy to find.
"""

import copy
import logging


class ClientErrorsWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool | logging.LogRecord:
        status = getattr(record, "status_code", None)
        if record.exc_info and isinstance(status, int) and status < 500:
            # A copy: the record is shared with every other handler and filter.
            trimmed = copy.copy(record)
            trimmed.exc_info = None
            trimmed.exc_text = None
            trimmed.stack_info = None
            return trimmed
        return True
