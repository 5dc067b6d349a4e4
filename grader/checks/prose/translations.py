"""Spanish and Hebrew words read as the English words they mean.

A description in another language is read word by word into the English the synonym
table knows ("desplaza la imagen un pixel hacia la izquierda" is read as "shifts the
image one pixel towards the left"), so every claim it makes is one of the table's claims,
checked against the kernel like any other. A word here means what its English reading
means, in any sentence; a word whose meaning depends on the sentence is left out and
sends its clause to a person. Spanish is read without its accents (claims.py strips them).
"""

from __future__ import annotations

_SPANISH = """
identidad:identity identica:identical identico:identical igual:same iguales:same
misma:same mismo:same intacta:intact intacto:intact inalterada:unaltered
cambia:changes cambian:changes cambio:change cambios:changes modifica:modifies
altera:alters afecta:affects deja:leaves queda:stays quedan:stay permanece:remains
mantiene:keeps devuelve:returns copia:copies
mueve:moves mueven:move movimiento:shift corrimiento:shift
desenfoque:blur borroso:blurry borrosa:blurry
promedio:average promedios:averages
bordes:edges borde:edge contornos:contours contorno:contour
resalta:highlights realza:highlights destaca:highlights detecta:detects deteccion:detection
detectar:detect encuentra:finds
derivada:derivative derivadas:derivatives segunda:second primera:first
gradiente:gradient laplaciano:laplacian laplaciana:laplacian
nitidez:sharpness ruido:noise elimina:removes
caja:box uniforme:uniform
vecino:neighbour vecinos:neighbours vecindad:neighbourhood vecindario:neighbourhood
alrededor:around adyacentes:adjacent circundantes:surrounding
izquierda:left derecha:right arriba:up abajo:down hacia:towards
horizontalmente:horizontally verticalmente:vertically diagonalmente:diagonally
centro:centre
imagen:image imagenes:images pixeles:pixels
valor:value valores:values filtro:filter matriz:matrix nucleo:kernel
entrada:input salida:output resultado:result
cero:zero un:one uno:one una:one dos:two tres:three cuatro:four cinco:five
seis:six siete:seven ocho:eight nueve:nine
nunca:never sin:without ni:nor
pero:but porque:because aunque:although mientras:whereas o:or
la:the el:the los:the las:the lo:it al:to del:of de:of en:in con:with por:by para:for
que:that es:is son:are esta:is estan:are cada:each todo:all todos:all todas:all
su:its sus:its este:this ese:this se:it le:it
"""
"""Spanish words, without accents, and their English readings."""

_SPANISH_STEMS = """
desplaz:shifts traslad:shifts desenfoc:blurs difumin:blurs suaviz:smooths
promedi:averages gaussian:gaussian
"""
"""Spanish stems: any word beginning so (desplaza, desplazada, desplazamiento)."""

_HEBREW = """
זהות:identity זהה:identical זהים:identical שינוי:change שינויים:changes משנה:changes
משנים:change משתנה:changes משתנים:change משתנות:change
נשאר:stays נשארת:stays נשארים:stay אותו:same אותה:same אותם:same דבר:thing
מקורית:original מקורי:original
הזזה:shift הזזת:shift מזיז:shifts מזיזה:shifts מזיזים:shift זזה:moves זז:moves זזים:move
מוזזת:shifted מוזז:shifted
ימינה:rightwards שמאלה:leftwards ימין:right שמאל:left מעלה:up מטה:down
פיקסל:pixel פיקסלים:pixels אחד:one אחת:one שני:two שניים:two שתי:two שתיים:two
שלושה:three שלוש:three שמונה:eight תשעה:nine תשע:nine אפס:zero
קצוות:edges קצה:edge שפות:edges גבולות:boundaries גבול:boundary
גלאי:detector גילוי:detection זיהוי:detection מזהה:detects מדגיש:highlights
מדגישה:highlights
טשטוש:blur מטשטש:blurs מטשטשת:blurs החלקה:smoothing מחליק:smooths מחליקה:smooths
ממוצע:average ממצע:averages מיצוע:averaging
אזור:area אזורים:areas איזור:area איזורים:areas אחיד:uniform אחידה:uniform אחידים:uniform
אחידות:uniform סביבה:neighbourhood
שכנים:neighbours שכן:neighbour שכניו:neighbours
לפלסיאן:laplacian נגזרת:derivative שנייה:second ראשונה:first גרדיאנט:gradient
חידוד:sharpening מחדד:sharpens
מסנן:filter מסננת:filter פילטר:filter גרעין:kernel קרנל:kernel מטריצה:matrix
תמונה:image תמונת:image קלט:input פלט:output תוצאה:result ערך:value ערכים:values
מרכז:centre מרכזי:central
לא:not אינו:not אינה:not ללא:no בלי:no
של:of את:the זה:it זו:it הוא:is היא:is כל:each על:on עם:with כמו:like או:or אבל:but
כי:because בדיוק:exactly שווה:equals בערך:roughly
"""
"""Hebrew words and their English readings."""

HEBREW_PREFIXES = {"ה": (), "ו": ("and",), "ב": ("by",), "ל": (), "מ": (), "ש": ()}
"""Hebrew's one-letter prefixes (the, and, in or by, to, from, that), read off a word
whose rest is known: "התמונה" is "the image", "ומזיז" is "and shifts", "בפיקסל אחד" is
"by pixel one". "And" ends a clause and "by" leads to a distance; the others make no
claim of their own."""


def _table(text: str) -> dict[str, str]:
    return dict(entry.split(":") for entry in text.split())


TRANSLATIONS: dict[str, str] = {**_table(_SPANISH), **_table(_HEBREW)}
STEM_TRANSLATIONS: dict[str, str] = _table(_SPANISH_STEMS)
