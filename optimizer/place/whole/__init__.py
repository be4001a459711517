"""The whole plan: conforming, repairing and inserting across days, the bound, the reasons."""
