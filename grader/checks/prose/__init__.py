"""Descriptions of what a kernel does, judged claim by claim against the kernel itself."""
