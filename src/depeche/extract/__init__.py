"""One module per part of the record; each is a function of the parsed document."""
