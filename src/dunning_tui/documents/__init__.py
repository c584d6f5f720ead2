"""What leaves the tool: the confirmation email, the letters (PDF) and the calendar export.

Every builder here is pure: it takes plain domain objects and settings values and returns a draft
or bytes; writing files, sending mail and recording the contact in the database are separate steps,
so the app can show a draft, let the user edit it, and only then save or send it.
"""
