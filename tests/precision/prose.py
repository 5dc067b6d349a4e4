"""Kernel descriptions, by class: the effect named, shift direction and distance, negation
and contrast, an added false claim, words the grader cannot read."""

from __future__ import annotations

from typing import Any

Row = tuple[str, Any, str]
KEYS = ("k1", "k2", "k3", "k4")
EFFECT = {"k1": "identity", "k2": "shift", "k3": "edges", "k4": "blur"}
CONTROL = {"k1": "identity", "k2": "shifts the image by one pixel", "k3": "Laplacian edge detector",
           "k4": "box blur"}

PHRASES = {
    "identity": ["the identity", "leaves the image unchanged", "output = input",
                 "does nothing to the image", "the picture comes out as it is",
                 "didn't change the image"],
    "shift": ["shifts the image by one pixel", "a translation",
              "moves every pixel one step sideways",
              "only the pixel to the right counts: a shift by one pixel"],
    "blur": ["a box blur", "averages the 3x3 neighbourhood",
             "a mean filter that smooths the image"],
    "edges": ["a Laplacian edge detector", "finds edges (second derivative)",
              "highlights outlines; flat regions become 0",
              "large where a pixel differs from its surrounding pixels",
              "the centre minus its eight neighbours"],
    "sharpen": ["sharpens the image"],
    "emboss": ["an emboss filter"],
    "brighter": ["makes the image nine times brighter"],
    "pooling": ["average pooling with stride 3"],
    "offset": ["adds one to every pixel"],
}
"""Descriptions that each name one effect; right only for the kernel that has it."""

OTHER_WORDS = {
    # Hebrew, with and without English words in parentheses
    "identity": ["מסנן זהות (identity) – התמונה נשארת אותו דבר", "ללא שינוי", "אותה תמונה",
                 "הפלט שווה בדיוק לקלט",
                 # Spanish
                 "identidad, deja la imagen igual", "no cambia la imagen",
                 # misspelt, and English said otherwise
                 "identiy", "the output is exactly the input image", "the image stays the same",
                 "returns the same image", "outputs the original image",
                 # Hebrew "does not change", English "gives back"
                 "התמונה לא משתנה", "applying it gives back the same image",
                 # German, French, Russian
                 "Identität, das Bild bleibt unverändert", "das Bild bleibt gleich",
                 "identité, l'image ne change pas", "l'image reste inchangée",
                 "тождественное преобразование", "ничего не меняет, изображение остается тем же",
                 # Chinese
                 "恒等 identity", "输出 = 输入", "图像不变"],
    "shift": ["מזיז את התמונה בפיקסל אחד (shift)", "הזזה של התמונה בפיקסל אחד ימינה.",
              "התמונה זזה שמאלה", "desplaza la imagen un pixel hacia la izquierda",
              "mueve la imagen un píxel a la derecha", "shfits the imgae by one pixle",
              "verschiebt das Bild um ein Pixel nach rechts", "décale l'image d'un pixel",
              "сдвигает изображение на один пиксель вправо", "сдвиг на один пиксель",
              "сдвиг картинки на 1 пиксель по горизонтали", "平移 shift，图像整体移动一个像素",
              "把图像平移一个像素"],
    "edges": ["גלאי קצוות (edge detection)", "מדגיש את השפות, לפלסיאן",
              "detector de bordes (Laplaciano)", "resalta los bordes", "laplacain",
              "edge detecter", "edges are highlighted", "a Laplacian-style edge detector",
              "Kantendetektor (Laplace)", "erkennt Kanten", "détection de contours (laplacien)",
              "détecteur de bords", "выделяет границы (лапласиан)", "детектор границ",
              "边缘检测 (拉普拉斯)", "hebt Kanten hervor"],
    "blur": ["ממוצע של השכנים, טשטוש (blur)", "מטשטש את התמונה", "החלקה",
             "desenfoque, promedio de los 9 vecinos", "suaviza la imagen",
             "desenfoca la imagen (blur)", "bluring", "avarage of the naighbours",
             "Weichzeichner, Mittelwert der 3x3 Nachbarschaft", "unscharf",
             "flou, moyenne des 9 voisins", "lissage de l'image", "размытие",
             "усреднение по 9 соседям", "均值模糊 box blur", "3x3 平均",
             "ממוצע של 9 הפיקסלים בחלון 3x3, כלומר טשטוש"],
}
"""The effects again, in Hebrew, Spanish, German, French and Russian, misspelt, and in
English the table did not read before; right only for the kernel that has the effect."""

OTHER_WORDS_NEAR = [
    ("k2", "מזיז את התמונה בשני פיקסלים ימינה", "wrong"),
    ("k2", "מזיז את התמונה בפיקסל אחד למעלה", "wrong"),
    ("k2", "הזזה של התמונה בפיקסל אחד לימין", "right"),
    ("k2", "desplaza la imagen dos pixeles a la izquierda", "wrong"),
    ("k2", "desplaza la imagen un pixel hacia arriba", "wrong"),
    ("k2", "no desplaza la imagen", "wrong"),
    ("k4", "לא טשטוש", "wrong"),
    ("k4", "טשטוש, לא גלאי קצוות", "right"),
    ("k4", "promedio de los 8 vecinos", "wrong"),
    ("k3", "nunca resalta los bordes", "wrong"),
    ("k1", "shfits the image one pixle to the rihgt", "wrong"),
    ("k3", "an edge detecter and a blurr filter", "wrong"),
    # an aside the grader cannot read after a plain answer does not hide it
    ("k4", "a blur, this menas the image is softer", "right"),
    ("k3", "a blur, this menas the image is softer", "wrong"),
    # Spanish "y" and Hebrew "ו", "וגם" joining two claims: each claim checked
    ("k4", "difumina y promedia la imagen", "right"),
    ("k3", "detecta bordes y resalta los contornos", "right"),
    ("k2", "desplaza la imagen un pixel y la difumina", "wrong"),
    ("k4", "difumina y desplaza la imagen", "wrong"),
    ("k4", "blur ו average of the neighbourhood", "right"),
    ("k4", "טשטוש וגם ממוצע", "right"),
    ("k4", "טשטוש ו גלאי קצוות", "wrong"),
    ("k3", "segunda derivada en x y en y", "review"),
    ("k2", "verschiebt das Bild um zwei Pixel nach rechts", "wrong"),
    ("k2", "verschiebt das Bild um ein Pixel nach oben", "wrong"),
    ("k2", "décale l'image de deux pixels", "wrong"),
    ("k2", "décale l'image d'un pixel vers le haut", "wrong"),
    ("k2", "сдвигает изображение на два пикселя", "wrong"),
    ("k2", "сдвигает изображение на один пиксель вверх", "wrong"),
    ("k4", "ce n'est pas un flou", "wrong"),
    ("k4", "не размытие", "wrong"),
    ("k4", "kein Weichzeichner", "wrong"),
    ("k1", "l'image ne change pas", "right"),
    ("k4", "l'image ne change pas", "wrong"),
    ("k1", "das Bild bleibt nicht gleich", "wrong"),
    ("k4", "moyenne des 8 voisins", "wrong"),
    ("k4", "среднее 8 соседей", "wrong"),
    ("k2", "图像整体移动两个像素", "wrong"),
    ("k4", "不是模糊", "wrong"),
    ("k3", "锐化", "wrong"),
    ("k2", "detecta bordes verticales", "wrong"),
    ("k3", "Summe = 0, hebt Kanten hervor", "right"),
    ("k4", "Summe = 0, hebt Kanten hervor", "wrong"),
    ("k4", "图像整体移动一个像素", "wrong"),
]
"""Distances, directions and negations in Hebrew, Spanish, German, French and Russian,
checked like English ones."""

SYNONYMS = [
    # the effect said in other words
    ("k1", "nothing changes in the picture", "right"),
    ("k2", "nothing changes in the picture", "wrong"),
    ("k1", "the picture stays the same", "right"),
    ("k4", "the picture stays the same", "wrong"),
    ("k1", "result = input", "right"),
    ("k3", "result = input", "wrong"),
    ("k3", "a discrete Laplacian", "right"),
    ("k4", "a discrete Laplacian", "wrong"),
    ("k3", "highlights the outline of objects", "right"),
    ("k1", "highlights the outline of objects", "wrong"),
    ("k4", "a normalised box kernel", "right"),
    ("k3", "a normalised box kernel", "wrong"),
    ("k4", "smooths out the noise", "right"),
    ("k2", "smooths out the noise", "wrong"),
    ("k4", "the average over the 3x3 window", "right"),
    ("k3", "the average over the 3x3 window", "wrong"),
    ("k4", "the mean of 9 pixels", "right"),
    ("k4", "the mean of 8 pixels", "wrong"),
    ("k3", "laplace => edges", "right"),
    ("k4", "laplace => edges", "wrong"),
    ("k4", "smoothing -> sharper image", "wrong"),
    # true remarks beside the effect, and the same remarks made false
    ("k1", "identity, apart from a 1-pixel frame that gets cropped", "right"),
    ("k4", "a blur; the border is lost", "right"),
    ("k2", "moves the picture one pixel, to the right when the kernel is flipped", "right"),
    ("k2", "moves the picture one pixel, to the left for a real convolution", "wrong"),
    ("k2", "moves the picture one pixel to the left when the filter is flipped", "wrong"),
    ("k2", "moves the picture one pixel up, the kernel being flipped", "wrong"),
    ("k3", "edge finder: the weights add to zero, so uniform regions become 0", "right"),
    ("k4", "edge finder: the weights add to zero, so uniform regions become 0", "wrong"),
    ("k3", "large output on edges and fine details", "right"),
    ("k4", "large output on edges and fine details", "wrong"),
    ("k4", "a blur that removes the fine details", "right"),
    ("k3", "a blur that removes the fine details", "wrong"),
    # the output said to be the input moved; a named operator with its sign; an arrow to 0;
    # each convention's direction in one sentence
    ("k2", "the output is the input moved one pixel to the left", "right"),
    ("k2", "the output is the input moved two pixels to the left", "wrong"),
    ("k2", "the output is the input moved one pixel up", "wrong"),
    ("k3", "the negative discrete Laplacian (8-neighbour version)", "right"),
    ("k4", "the negative discrete Laplacian (8-neighbour version)", "wrong"),
    ("k3", "edge detector, flat regions -> 0", "right"),
    ("k4", "blur, flat regions -> 0", "wrong"),
    ("k2", "moves the picture one pixel to the left (to the right with a flipped, true "
     "convolution)", "right"),
    ("k2", "moves the picture one pixel to the right (to the left with a flipped, true "
     "convolution)", "wrong"),
    ("k2", "every output pixel is taken from its right neighbour", "right"),
    ("k2", "every output pixel is taken from its upper neighbour", "wrong"),
    ("k2", "מזיז את התמונה בפיקסל אחד (כל פיקסל מקבל את הערך של השכן מימין, כלומר הזזה שמאלה)",
     "right"),
    ("k2", "מזיז את התמונה בפיקסל אחד (כל פיקסל מקבל את הערך של השכן מימין, כלומר הזזה למעלה)",
     "wrong"),
    ("k3", "גלאי שפות (Laplacian): אזורים אחידים → 0", "right"),
    ("k4", "טשטוש: אזורים אחידים → 0", "wrong"),
    # Hebrew
    ("k1", "הפלט נשאר כמו שהוא", "right"),
    ("k2", "הפלט נשאר כמו שהוא", "wrong"),
    ("k3", "גלאי קצוות, באזור אחיד הפלט הוא אפס", "right"),
    ("k4", "טשטוש, באזור אחיד הפלט הוא אפס", "wrong"),
    ("k4", "ממוצע של 9 הערכים בסביבה", "right"),
    ("k4", "ממוצע של 8 הערכים בסביבה", "wrong"),
]
"""Effects said in words the table did not read before, and true side remarks (the border
a valid convolution loses, the direction under each convention, flat regions going to
zero) that must not spoil a right description, with near misses of each."""

FALSE_EXTRAS = ["and makes it brighter", "with a stride of 2", "and adds a constant to every pixel",
                "and rotates the image"]
"""Claims no kernel of the course makes true."""
UNREAD = ["in a Hopfield sense", "roughly speaking", "most of the time"]
"""Words that may change what a description means; the grader does not know them."""

ASIDES = [
    # a plain answer, then a clause the grader does not read: right unless that clause
    # could take the answer back, narrow or hedge it
    ("k1", "identity, the output pixel equals the input pixel", "right"),
    ("k1", "identity filter: picks the centre of every window", "right"),
    ("k2", "identity filter: picks the centre of every window", "wrong"),
    ("k3", "Laplacian edge detector, responds to isolated points too", "right"),
    ("k4", "Laplacian edge detector, responds to isolated points too", "wrong"),
    ("k4", "box blur, every output pixel is the mean of its window", "right"),
    ("k1", "identity, except for grey images", "review"),
    ("k1", "identity, but only on the inner block", "review"),
    ("k4", "box blur, perhaps with a gain", "review"),
    ("k3", "edge detector, no response on the diagonals", "review"),
    ("k1", "picks the centre of every window", "review"),
]

ISSUE = [
    ("k2", "Brightness shift: adds one to every pixel value", "wrong"),
    ("k1", "Copies each pixel's right-hand neighbour", "wrong"),
    ("k3", "Edge-preserving denoising filter", "wrong"),
    ("k3", "Emboss filter", "wrong"),
    ("k4", "Average pooling with stride 3", "wrong"),
    ("k4", "box sum, nine times brighter", "wrong"),
    ("k4", "divides each pixel by the mean of its neighbourhood", "wrong"),
    ("k2", "Copies each pixel's right-hand neighbour", "right"),
    ("k1", "Only the middle pixel gets weight, so the picture comes out as it is", "right"),
    ("k4", "Only the middle pixel gets weight", "wrong"),
    ("k1", "Only the middle pixel gets weight", "review"),
    ("k2", "does not change the image", "wrong"),
    ("k4", "a box blur (minus a one-pixel border)", "right"),
    ("k4", "skips the edges of the image", "review"),
    ("k3", "skips the edges of the image, a box blur", "wrong"),
    ("k1", 'takes only the central pixel: it leaves the image as it is, but "skips" the edges '
     "(1 pixel from each side)", "right"),
    ("k2", "focuses on the right middle pixel only: it shifts the image by 1 pixel", "right"),
    ("k4", "focuses on the right middle pixel only: it shifts the image by 1 pixel", "wrong"),
    ("k3", "highlights where the central pixel is different from the surrounding pixels",
     "right"),
    ("k1", "highlights where the central pixel is different from the surrounding pixels",
     "wrong"),
    ("k4", 'it "averages" the image, probably blurring it', "right"),
    ("k3", 'it "averages" the image, probably blurring it', "wrong"),
]


def answer(key: str, text: str) -> dict[str, str]:
    return {**CONTROL, key: text}


def effect_named() -> list[Row]:
    return [(key, text, "right" if effect == EFFECT[key] else "wrong")
            for key in KEYS for effect, texts in PHRASES.items() for text in texts]


def shift_near_misses() -> list[Row]:
    """k2 moves the image one pixel sideways (left as cross-correlation, right as a true
    convolution; the course accepts both)."""
    rows = []
    for distance, near in (("one pixel", True), ("two pixels", False), ("3 pixels", False)):
        for direction, along in (("to the left", True), ("to the right", True),
                                 ("horizontally", True), ("up", False), ("down", False),
                                 ("diagonally", False)):
            rows.append(("k2", f"shifts the image {distance} {direction}",
                         "right" if near and along else "wrong"))
    return rows


def negation_and_contrast() -> list[Row]:
    rows = []
    for key in KEYS:
        own = PHRASES[EFFECT[key]][0]
        others = [k for k in KEYS if k != key]
        rows.append((key, f"not {own}", "wrong"))
        rows.append((key, f"{own}, not {PHRASES[EFFECT[others[0]]][0]}", "right"))
        rows.append((key, f"{own}, not {own}", "wrong"))
        rows.append((key, f"{PHRASES[EFFECT[others[1]]][0]} rather than {own}", "wrong"))
        rows.append((key, f"not {PHRASES[EFFECT[others[2]]][0]}", "review"))
        rows += [(key, f"{own}, unlike {k}", "right" if k != key else "wrong") for k in KEYS]
        rows += [(key, f"like {k}", "wrong") for k in KEYS]
    return rows


def other_words() -> list[Row]:
    return [(key, text, "right" if effect == EFFECT[key] else "wrong")
            for key in KEYS for effect, texts in OTHER_WORDS.items() for text in texts]


def false_extras() -> list[Row]:
    return [(key, f"{PHRASES[EFFECT[key]][0]} {extra}", "wrong")
            for key in KEYS for extra in FALSE_EXTRAS]


def unreadable() -> list[Row]:
    return [(key, f"{PHRASES[EFFECT[key]][0]}, {words}", "review")
            for key in KEYS for words in UNREAD]


CLASSES = {
    "issue examples": ISSUE,
    "effect named": effect_named(),
    "shift distance and direction": shift_near_misses(),
    "negation and contrast": negation_and_contrast(),
    "a false claim added": false_extras(),
    "Hebrew, Spanish, misspelt": other_words(),
    "Hebrew and Spanish near misses": OTHER_WORDS_NEAR,
    "synonyms and side remarks": SYNONYMS,
    "words not understood": unreadable(),
    "asides after a plain answer": ASIDES,
}


def rows() -> list[tuple[str, str, Any, str]]:
    """(class, part, answer, expected) for every description, inside a right answer."""
    return [(name, "kernel_effects", answer(key, text), expected)
            for name, table in CLASSES.items() for key, text, expected in table]

SECOND_COURSE = [
    # a Sobel filter (f1) and a shift by two pixels (f2); the course reads kernels as
    # cross-correlation only, so f2 moves the image left, never right
    ("f1", "a Sobel filter", "right"),
    ("f1", "the horizontal gradient: vertical edges stand out", "right"),
    ("f1", "a first derivative along x", "right"),
    ("f1", "detects vertical edges; flat regions go to zero", "right"),
    ("f1", "detects horizontal edges", "wrong"),
    ("f1", "a vertical gradient", "wrong"),
    ("f1", "a Laplacian edge detector", "wrong"),
    ("f1", "a Prewitt filter", "wrong"),
    ("f1", "a blur", "wrong"),
    ("f1", "an emboss filter", "wrong"),
    ("f1", "sharpens the image", "wrong"),
    ("f2", "shifts the image two pixels to the left", "right"),
    ("f2", "moves the image 2 px left", "right"),
    ("f2", "each output pixel copies the pixel two to its right", "right"),
    ("f2", "a translation by two pixels", "right"),
    ("f2", "shifts the image two pixels to the right", "wrong"),
    ("f2", "shifts the image one pixel to the left", "wrong"),
    ("f2", "copies its right-hand neighbour", "wrong"),
    ("f2", "the identity", "wrong"),
    ("f2", "a blur", "wrong"),
    ("f2", "detects edges", "wrong"),
]
