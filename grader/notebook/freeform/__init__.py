"""Grade notebooks as students really write them: no template, no metadata.

Reading a notebook takes these steps, one module each, none of which runs student code:

- `cells`: the notebook as ordered cells, invisible marks taken out; what its code defines
  (parsed with `ast`);
- `locate`: each question found by its wording (in any course version), placed between its
  neighbours when reworded; its answer is the cells up to the next question, ungraded
  prompt or higher heading; `segments`: answers gathered under labels cut apart;
- `statements`: the equations in those cells, with the words around them; `rows` cuts one
  formula into its equations, `tables` reads a table of derivatives;
- `labels`: what an equation's left-hand side says it is (dz/dx1, f'(x), J_ij, a name);
  `denote`: which of a part's quantities that is (a key, the whole gradient, the collapsed
  weight), judged by meaning;
- `candidate`, `rewrite`, `layers` and `latex`: a right-hand side put into the exercise's
  names, as text;
- `expressions`, `prose`, `functions`: a symbolic, text or numeric part's answer chosen;
  `assigned`: one given as a Python value under the student's own name (a literal, read
  with `ast`);
- `reading`: all of it for one notebook, part by part; `found`: what comes back.

The pipeline (`grader.pipeline.answers`) grades what is found with the part's usual check.
"""
