"""Parser guards (like SQLFluff's parse limits): past these, text is kept unplaced and reported."""

MAX_LINES = 200_000        # logical lines parsed per document
MAX_ITEMS = 5_000          # items per document
MAX_MEASURES = 500         # measures split per item
MAX_LINE_CLASSIFY = 400    # characters of each line the classifier reads (see lines.CLASSIFY_PREFIX)
MAX_SCAN = 100_000         # characters of one item that rules scan (a longer item is reported)
