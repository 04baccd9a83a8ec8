"just a string with \"quotes\" and a newline\n"
