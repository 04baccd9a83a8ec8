# error: abort
abort "aborting now"
