"""Grade notebooks as students really write them: no template, no metadata.

Reading a notebook takes these steps, one module each, none of which runs student code:

- `cells`: the notebook as ordered cells; what its code defines (parsed with `ast`);
- `locate`: each question found by its wording; its answer is the cells up to the next;
- `statements`: the equations in those cells, with the words around them;
- `labels`: what an equation's left-hand side says it is (dz/dx1, f'(x), J_ij, a name);
- `rewrite` and `latex`: a right-hand side put into the exercise's names, as text;
- `expressions`, `prose`, `functions`: a symbolic, text or numeric part's answer chosen;
- `reading`: all of it for one notebook, part by part; `found`: what comes back.

The pipeline (`grader.pipeline.answers`) grades what is found with the part's usual check.
"""
