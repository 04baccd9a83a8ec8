# error: not-a-function
null 1
