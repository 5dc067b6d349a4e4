"""The student's side: checking oneself before handing in.

- `public`: which parts a student may check (parts not marked `hidden: true`);
- `compiled`: public checks as data (inputs, expected outputs, accepted expressions), so a
  student bundle can grade them with no solutions/ at hand;
- `bundle`: `grade build --student`, the folder or zip handed to students;
- `frontend`: `from grader import check; check()` inside a notebook, which
  - `snapshot`: takes the public parts' names from the kernel, as imports, source code and
    plain data;
  - `checker`: sends them to a grading process kept warm for the kernel's life;
  - `live`: where they are graded as a notebook, with the saved file for the rest.

Nothing here is imported by `import grader`; `grader.check` loads `frontend` on first use.
"""
