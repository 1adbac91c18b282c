"""The evaluation pages, one module per audience: the person, colleagues, the head, printing."""
