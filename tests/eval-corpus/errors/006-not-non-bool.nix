# error: type
!"true"
