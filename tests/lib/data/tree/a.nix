# a test file
