"""组织关系转接: moving a member to another organization, in the system (the receiving side accepts or
returns it) or out of it (a numbered 介绍信 and its 回执). The rules are in services.py."""
