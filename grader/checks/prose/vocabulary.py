"""The synonym table: the phrases that make a claim about what a kernel does.

It only recognises: a phrase here says which claim a description makes ("blurs", "a box
filter", "moves every pixel one step to the left"), and facts.py, from the kernel itself,
decides whether that claim is true. Nothing here is about one course's kernels.

Pattern syntax, one entry a phrase, token by token: `word`, `stem*` (any word starting so),
`a|b` (either), a trailing `?` (may be left out), and slots: `<num>` (a number, in digits
or words), `<count>` (the same, read as a count), `<dir>` (a direction), `<side>` (left,
right, up, down), `<pos>` (a place in the kernel: centre, middle right, top left),
`<size>` (3x3), `<axis>` (x or y), `<ref>` (another kernel: k1, kernel 2, the third kernel).
"""

from __future__ import annotations

CLAIMS: tuple[tuple[str, str], ...] = (
    # what the output is
    ("identity|identical|unchanged|unaltered|unmodified|intact", "identity"),
    ("no|without change|changes|effect", "identity"),
    ("no|never changes|alters|modifies|affects", "identity"),
    ("does|do nothing", "identity"),
    ("nothing changes|changed|happens", "identity"),
    ("dirac|impulse|delta kernel|filter|function?", "identity"),
    ("same as? the? input|original|image|picture", "identity"),
    ("output|result equals|=|is? exactly? the? same|input|original", "identity"),
    ("returns|gives|reproduces|outputs exactly? the? input|original", "identity"),
    ("stays|stay|remains|remain|leaves|keeps|left the? image|picture|input? the? exactly? "
     "same|unchanged|identical|intact", "identity"),
    ("pass*|lets the? input? image|picture|pixels? through", "identity"),
    ("copies|copy|copied the? input|image|original|each|every|pixel|pixels", "identity"),
    ("as it is|was", "identity"),
    ("comes|come|came|stays|stay|remains|remain|is|left out? exactly? as it is|was", "identity"),
    ("stays|stay|remains|remain|left exactly? like it? is|was", "identity"),
    ("doesn't|didn't|don't|won't change|alter|modify|affect", "identity"),
    ("does|do|did|will not|never change|alter|modify|affect", "identity"),
    ("not changes|alters|modifies|affects|change|alter|modify|affect", "identity"),
    # where it moves
    ("shift*|translat*|displac*|slides|slide", "shift"),
    ("moves|move|moved|moving", "shift"),
    ("copies|copy|takes|take|uses|use|gets|get|reads|read|becomes? the? value? of? its|the|each|"
     "every? pixel's|pixels'|pixel? <side> hand? neighbo*", "neighbour"),
    ("<side> hand? neighbo*", "neighbour"),
    ("is|are? taken|copied|read from its|the <side> hand? neighbo*", "neighbour"),
    ("neighbo* <count>? to|on|at|from the|its? <side>", "neighbour"),
    ("only the? pixel|neighbo* to|on|at the|its? <side> counts|matters|contributes|survives",
     "neighbour"),
    ("pixel <count>? to|on|at its <side>", "neighbour"),
    ("copies|copy|takes|take|uses|use|gets|get|reads|read the pixel <count>? to|on|at the|its "
     "<side>", "neighbour"),
    # averaging
    ("blur*|smooth*|soften*|denois*|lowpass", "smooth"),
    ("low pass", "smooth"),
    ("reduces|removes|suppresses|lowers|filters noise", "smooth"),
    ("smooths|smoothes|smooth|smoothing out? the? noise", "smooth"),
    ("removes|loses|kills|suppresses|erases the? fine? detail|details", "smooth"),
    ("noise reduction|removal|suppression", "smooth"),
    ("averag*|mean", "average"),
    ("moving|local|arithmetic average|mean", "average"),
    ("box|uniform", "uniform"),
    ("normalized|normalised box|uniform", "uniform"),
    ("equal|same weight|weights", "uniform"),
    ("equally|evenly weighted", "uniform"),
    ("all? weights|entries are? equal|identical", "uniform"),
    ("gaussian|gauss", "gaussian"),
    ("<size>", "size"),
    ("<count> neighbo*", "count"),
    ("the|all <count> pixels|neighbo*|values|entries|cells|weights", "count"),
    ("of|over the|all? <count> pixels|neighbo*|values|entries|cells", "count"),
    ("sum*|summing|total", "sum"),
    ("adds|add up", "sum"),
    # derivatives
    ("edge*|outline*|contour*|boundar*|highpass", "edge"),
    ("high pass|frequency|frequencies", "edge"),
    ("fine? detail|details", "edge"),
    ("<pos>? pixel|value|intensity? is|are? differs|differ|deviates|deviate|different from|"
     "than the|"
     "its? surrounding|surroundings|neighbo*|periphery|average|mean", "edge"),
    ("<pos> minus|less the|its? <count>? surrounding? neighbo*|surroundings|periphery", "edge"),
    ("edge preserving", "keeps_edges"),
    ("preserves|keeps edges", "keeps_edges"),
    ("preserves|keeps|retains the|all? fine? detail|details", "keeps_edges"),
    ("isotropic*|omnidirectional", "isotropic"),
    ("in all|every|any direction|directions", "isotropic"),
    ("rotation invariant", "isotropic"),
    ("laplac*|curvature", "laplacian"),
    ("negative|negated|minus the? discrete? laplac*", "laplacian"),
    ("discrete laplac*", "laplacian"),
    ("second|2nd order? derivative*|difference*", "laplacian"),
    ("derivative* second|2nd", "laplacian"),
    ("gradient*|derivative*", "gradient"),
    ("first|1st order? derivative*|difference*", "gradient"),
    ("derivative* first|1st", "gradient"),
    ("finite|partial derivative*|difference*", "gradient"),
    ("sobel", "sobel"), ("prewitt", "prewitt"), ("scharr", "scharr"),
    ("sharpen*|sharper|unsharp|crisp*", "sharpen"),
    ("enhances|enhance details|detail", "sharpen"),
    ("emboss*|relief", "emboss"),
    # brightness
    ("brighter|brightens|brighten|lightens|lighten|lighter", "brighter"),
    ("darker|darkens|darken|dims|dimmer", "darker"),
    ("<num> times brighter|lighter", "brighter_by"),
    ("<num> times darker|dimmer", "darker_by"),
    ("multipl*|scal* the|each|every|all? image|pixel|pixels|value|values|intensity|"
     "intensities|brightness? by <num>", "scale"),
    ("invert*|negates|negative", "invert"),
    ("preserves|keeps|maintains|conserves the? overall|average|mean|total? brightness|"
     "intensity|dc", "keeps_brightness"),
    ("brightness|contrast change|adjustment|increase|boost|scaling", "brightness_change"),
    ("brightness shift|offset", "offset"),
    ("adds|add <num> to each|every|all? the? pixel|pixels|value|values", "offset"),
    ("adds|add a|an? constant|offset|bias", "offset"),
    ("zero|0|black on|in|for|over flat|uniform|constant|plain region*|area*|part*|image*",
     "flat_zero"),
    ("flat|uniform|constant region*|area*|part* become|becomes|go|goes|turn|turns|map|maps "
     "to? zero|0|black", "flat_zero"),
    ("region*|area*|part* flat|uniform|constant become|becomes|go|goes|turn|turns|map|maps "
     "to? zero|0|black", "flat_zero"),
    ("removes|kills|cancels the? dc|mean|constant|background", "flat_zero"),
    ("zero sum", "flat_zero"),
    ("in|on|over|by? flat|uniform|constant region*|area*|part* the? result|output|response? "
     "is|becomes|goes? to? zero|0|black", "flat_zero"),
    ("in|on|over|by? region*|area*|part* flat|uniform|constant the? result|output|response? "
     "is|becomes? zero|0|black", "flat_zero"),
    ("amplifies|increases|boosts noise", "noise_up"),
    # what no kernel does
    ("pool*|stride*|downsampl*|subsampl*", "downsample"),
    ("stride|strides of? <num>", "downsample"),
    ("reduces|reduce|shrinks|halves the? size|resolution|dimension|dimensions", "downsample"),
    ("median|maximum|minimum|dilat*|erod*|erosion|morpholog*|nonlinear|threshold*|bilateral",
     "nonlinear"),
    ("non linear", "nonlinear"),
    ("divid*|divides each|every|the? pixel|pixels by", "nonlinear"),
    ("rotat*|mirror*|transpos*|zoom*|magnif*|enlarg*|resiz*", "geometry"),
    ("flips|flip|flipped the? image|picture", "geometry"),
    # the kernel's own weights
    ("weight|weights|value|coefficient|entry of? <num> to|at|on|for|in the? <pos> "
     "pixel|cell|entry|position|element|weight?", "weight_at"),
    ("<num> at|in|on the? <pos> pixel|cell|entry|position|element|weight?", "weight_at"),
    ("<pos> weight|value|entry|coefficient|pixel is|of|=? <num>", "weight_at"),
    ("takes|take|uses|use|keeps|keep|copies|copy|focuses|focus|looks|look on|at? only the? "
     "<pos> pixel|value|entry|cell|element", "only_at"),
    ("takes|take|uses|use|keeps|keep|copies|copy|focuses|focus|looks|look on|at? the? <pos> "
     "pixel|value|entry|cell|element only", "only_at"),
    ("only the? <pos> pixel|entry|weight|cell|element|position|value counts|matters|"
     "contributes|survives", "only_at"),
    ("only the? <pos> pixel|entry|cell|element|position gets|has|carries|receives|is a? "
     "nonzero? weight|nonzero|weighted", "only_at"),
    ("<num> elsewhere", "weights_rest"),
    ("<num> everywhere else", "weights_rest"),
    ("<num> to|at|for|on|in all? the? other|remaining pixels|weights|entries|positions|cells|"
     "neighbo*", "weights_rest"),
    ("all? the? other|remaining pixels|weights|entries|neighbo* are|get|=|have? <num>",
     "weights_rest"),
    ("surrounded by <num>s|<num>", "weights_rest"),
    ("weight|weights? of? <num> to|at|for|on? each|every|all of? the? <count>? neighbo*? "
     "pixels|cells|entries|weights|positions", "weights_all"),
    ("weights|kernel|coefficients|entries? sum|sums|add|adds up? to <num>", "weight_sum"),
    ("the? sum|total is|=|equals <num>", "weight_sum"),
    ("all|only positive|nonnegative weights|entries|values", "nonnegative"),
    ("no negative weights|entries|values", "nonnegative"),
    # other kernels
    ("like|as <ref>", "same_as"),
    ("same as|similar to <ref>", "same_as"),
    ("unlike <ref>", "differs"),
    ("different from|than <ref>", "differs"),
)
"""(phrase, claim kind). The longest phrase at a place wins ("moving average" over
"moving", "brightness shift" over "shift")."""

MODIFIERS: tuple[tuple[str, str], ...] = (
    ("by? <num> pixel*|px|step*|place*|position*|column*|row*|unit*", "distance"),
    ("by <num>", "distance"),
    ("by pixel|pixels|px|step|steps <num>", "distance"),
    ("<dir>", "direction"),
    ("to|towards the|its? <dir>", "direction"),
    ("in the? <dir> direction", "direction"),
    ("oriented|aligned <dir>", "direction"),
    ("along|in <axis>", "axis"),
    ("with respect to <axis>", "axis"),
    ("<axis> direction|axis", "axis"),
    ("for|with|under|in|using|if a|the? true? convolution", "convolution"),
    ("if|when the? kernel|filter is? flipped", "convolution"),
    ("for|with|under|in|using|if a|the? real|flipped|proper|actual|mathematical convolution",
     "convolution"),
    ("the? kernel|filter is|gets|being flipped", "convolution"),
    ("for|with|under|in|using|if a|the? true|real|proper flipped convolution", "convolution"),
    ("true|real|proper|flipped|mathematical convolution", "convolution"),
    ("with|for|under|using a|the? flipped|true|real|proper", "convolution"),
    ("for|with|under|in|using|if a|the? cross? correlation", "correlation"),
    ("without flipping", "correlation"),
    ("depend*", "remark"),
    ("minus|without|except|skips|skip|skipping|ignores|ignore|ignoring|drops|drop|loses|lose|"
     "losing|crops|crop|cropping|cuts|trims the|a|its? <num>? pixel|px? edges|edge|border|"
     "borders|boundary|boundaries|rim|margin|frame", "remark"),
    ("<num> pixel*|px from|on|at each|every|all|both|the side|sides|edge|edges|border|borders",
     "remark"),
    ("the|a|its? <num>? pixel|px? edge|edges|border|borders|boundary|rim|margin|frame that|"
     "which? is|are|gets|get? lost|removed|cropped|dropped|trimmed", "remark"),
    ("apart|aside from", "remark"),
    ("<num> neighbo*|point|connected version|variant|stencil|connectivity", "remark"),
    ("in|with|for|using|under valid|same|full mode|padding|convolution", "remark"),
    ("light|lights|lit up", "remark"),
    ("except for?", "remark"),
    ("flip*|flipping the? kernel|filter", "remark"),
)
"""Phrases that say how or where (one pixel, to the left, for a true convolution): they
belong to the claim beside them, and alone they say nothing."""

NEGATIONS = frozenset({"not", "never", "no", "neither", "nor", "isn't", "doesn't", "don't",
                       "won't", "can't", "cannot", "without", "aren't", "hardly", "didn't",
                       "wasn't", "weren't", "wouldn't", "shouldn't", "couldn't"})
SPLITTERS = frozenset({"and", "but", "whereas", "however", "although", "though", "because",
                       "since", "thus", "hence", "therefore", "so", "whilst"})
"""Words that end a clause."""
CONTRASTS = (("rather", "than"), ("instead", "of"))
"""A claim after these is denied ("a shift rather than a blur")."""
NOT_NEGATIONS = (("not", "only"), ("not", "just"))

_FILLER = """
a an the this that these those it its it's they them their there here is are was were be
been being has have had so also just simply basically essentially really called known
named as kind type sort style form version effect back of to in on at by for with from into
onto over
each every all any whole entire image images picture input output original result
resulting pixel pixels value values intensity intensities filter filters kernel kernels
matrix mask operator operation convolution convolving convolved correlation cross applied
applies apply applying produces produce gives give returns makes make does computes
compute computing computed calculates calculate performs perform takes take replaces
replaced becomes become gets uses using detects detect detecting detection detector
detectors finds find finding highlights highlight highlighting extracts extract
emphasises emphasizes emphasise emphasize emphasising enhances enhance enhancing
enhancement shows show marks mark picks out up neighbourhood neighborhood neighbourhoods
neighbours neighbors neighbouring neighboring neighbour neighbor surrounding around local
nearby adjacent region regions area areas window patch which where when while or and
will would can could leaves leave keeps keep stay stays remain remains whether direction
depending depends thing something image's pixel's new one ones i we you our your my
because since thus hence therefore then only just very quite fairly rather strong strongly
bit slightly little used commonly typically often usually standard simple classic common
basic stand stands standing via first second third fourth fifth sixth seventh eighth assigns
assign assigned puts put places sets set has have contains contain holds
large big response responds respond should probably likely cases case exactly
highlighted emphasised emphasized detected found marked shown extracted
finder finders object objects shape shapes
"""
FILLER = frozenset(_FILLER.split())
"""Words that make no claim of their own ("the", "image", "filter", "detects")."""

DIRECTIONS = {
    "left": "left", "leftward": "left", "leftwards": "left", "right": "right",
    "rightward": "right", "rightwards": "right", "up": "up", "upward": "up", "upwards": "up",
    "down": "down", "downward": "down", "downwards": "down", "horizontally": "horizontal",
    "horizontal": "horizontal", "sideways": "horizontal", "vertically": "vertical",
    "vertical": "vertical", "diagonally": "diagonal", "diagonal": "diagonal",
}
SIDES = {"left": "left", "right": "right", "top": "up", "upper": "up", "up": "up",
         "above": "up", "bottom": "down", "lower": "down", "down": "down", "below": "down"}
CENTRE = frozenset({"centre", "center", "middle", "central"})
NUMBERS = {"zero": 0.0, "one": 1.0, "a": 1.0, "an": 1.0, "single": 1.0, "two": 2.0,
           "three": 3.0, "four": 4.0, "five": 5.0, "six": 6.0, "seven": 7.0, "eight": 8.0,
           "nine": 9.0, "ten": 10.0, "twice": 2.0, "half": 0.5, "ninth": 1 / 9,
           "eighth": 1 / 8}
_UNCORRECTED = """
this that these those there here were been being have into onto over each every whole
their them they then thus hence very quite little used which where when while will would
could does make makes take gets uses give show shows mark picks ones case cases thing
"""
UNCORRECTED = frozenset(_UNCORRECTED.split())
"""Known words no misspelling is read as: function words that are one letter from other
English words as often as from a typo ("white" is not "while")."""
ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth")
