"""Report writers: each turns results (plain data) into one format. None of them prints."""
