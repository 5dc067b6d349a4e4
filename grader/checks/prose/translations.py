"""Spanish, German, French, Russian, Hebrew and Chinese words read as the English words they
mean.

A description in another language is read word by word into the English the synonym
table knows ("desplaza la imagen un pixel hacia la izquierda" is read as "shifts the
image one pixel towards the left"), so every claim it makes is one of the table's claims,
checked against the kernel like any other. A word here means what its English reading
means, in any sentence; a word whose meaning depends on the sentence is left out and
sends its clause to a person. Words are read without their accents and other marks
(claims.py strips them, as `_table` does here: "verändert" is "verandert", "й" is "и").
French elisions (`l'image`, `d'un`) are read without the elided article (spelling.py).
"""

from __future__ import annotations

import re
import unicodedata

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
verticales:vertical horizontales:horizontal
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

_GERMAN = """
identitat:identity identisch:identical identische:identical unverandert:unchanged
unverandertes:unchanged gleich:same gleiche:same gleichen:same gleiches:same selbe:same
dasselbe:same bleibt:stays bleiben:stay andert:changes verandert:changes keine:no kein:no
keinen:no nicht:not nichts:nothing ohne:without
verschiebt:shifts verschiebung:shift verschoben:shifted bewegt:moves summe:sum
hebt:highlights hervor:out
unscharfe:blur weichzeichner:blur weichzeichnung:blur verwischt:blurs
mittelwert:average durchschnitt:average mittelt:averages rauschen:noise entfernt:removes
kanten:edges kante:edge konturen:contours erkennt:detects erkennung:detection
detektor:detector hebt:highlights
ableitung:derivative zweite:second erste:first
nachbarn:neighbours nachbar:neighbour nachbarschaft:neighbourhood umgebung:neighbourhood
links:left rechts:right oben:up unten:down nach:towards
bild:image bildes:image bilder:images bildpunkt:pixel wert:value werte:values kern:kernel
ergebnis:result eingabe:input ausgabe:output mitte:centre
ein:one eine:one einen:one einem:one einer:one eines:one um:by zwei:two drei:three
vier:four neun:nine acht:eight null:zero
aber:but oder:or und:and weil:because da:because
das:the der:the die:the den:the dem:the des:of ist:is sind:are wird:is jeder:each
jedes:each jede:each jeden:each alle:all allen:all sein:its seine:its seinen:its
seiner:its mit:with von:of vom:of zu:to zum:to im:in auf:on aus:from
"""
"""German words, without umlauts, and their English readings."""

_GERMAN_STEMS = """
verschieb:shifts unscharf:blurs weichzeichn:blurs glatt:smooths mittel:averages
kanten:edges nachbar:neighbours laplace:laplacian
"""

_FRENCH = """
identite:identity identique:identical inchange:unchanged inchangee:unchanged meme:same
modifie:modifies reste:stays restent:stay
decale:shifts decalage:shift decalee:shifted deplace:shifts deplacement:shift
flou:blur floute:blurs floue:blurry lissage:smoothing lisse:smooths adoucit:smooths
moyenne:average moyennes:averages bruit:noise supprime:removes
bords:edges bord:edge aretes:edges detecte:detects detecteur:detector
derivee:derivative seconde:second premiere:first laplacien:laplacian
voisins:neighbours voisin:neighbour voisinage:neighbourhood
gauche:left droite:right haut:up bas:down vers:towards
valeur:value valeurs:values filtre:filter noyau:kernel matrice:matrix resultat:result
entree:input sortie:output
un:one une:one deux:two trois:three quatre:four neuf:nine huit:eight
mais:but ou:or et:and parce:because
le:the la:the les:the du:of des:of de:of en:in avec:with par:by pour:for que:that
qui:that est:is sont:are chaque:each tout:all tous:all toute:all toutes:all son:its sa:its
ses:its ce:this cette:this il:it elle:it ne:not sans:without aucun:no aucune:no pas:just
"""
"""French words, without accents, and their English readings. "ne" (or "n'") says the
negation, so "pas", which only closes it, reads as a word that makes no claim."""

_FRENCH_STEMS = """
decal:shifts deplac:shifts flout:blurs liss:smooths moyenn:averages voisin:neighbours
"""

_RUSSIAN = """
тождественное:identity тождественный:identity тождественно:identity
единичное:identity единичный:identity
такое:same такой:same же:same тем:the самое:same исходное:original исходным:original
исходного:original оригинальное:original не:not без:without нет:no ничего:something
остается:stays остаются:stay меняется:changes меняет:changes изменяет:changes
изменяется:changes изменений:changes изменения:changes
сдвиг:shift сдвигает:shifts сдвинуто:shifted сдвигом:shift смещение:shift
смещает:shifts
размытие:blur размывает:blurs размытое:blurry размытия:blur сглаживание:smoothing
сглаживает:smooths усреднение:averaging усредняет:averages среднее:average шум:noise
убирает:removes
границы:edges граница:edge границ:edges края:edges контуры:contours выделяет:highlights
выделение:detection детектор:detector находит:finds
производная:derivative вторая:second первая:first лапласиан:laplacian
соседей:neighbours соседние:neighbouring соседних:neighbouring соседи:neighbours
окрестности:neighbourhood окрестность:neighbourhood
влево:leftwards вправо:rightwards вверх:up вниз:down налево:leftwards направо:rightwards
изображение:image изображения:image картинка:image картинку:image картинки:image
горизонтали:horizontally вертикали:vertically пиксель:pixel
пикселя:pixel пикселей:pixels пиксели:pixels значение:value значения:values
фильтр:filter ядро:kernel матрица:matrix результат:result центр:centre
преобразование:operation операция:operation свертка:convolution
один:one одна:one одно:one на:by два:two две:two три:three четыре:four девять:nine
восемь:eight ноль:zero
и:and или:or но:but потому:because
это:it этот:this эта:this все:all всех:all каждый:each каждого:each его:its ее:its
с:with по:over в:in из:from для:for что:that является:is
"""
"""Russian words, without diacritics ("й" is "и", "ё" is "е"), and their English
readings. A Russian negation is said twice ("ничего не меняет", nothing does not change):
"не" says it, so "ничего" reads as a word that makes no claim."""

_RUSSIAN_STEMS = """
сдвиг:shifts смещ:shifts размы:blurs сглаж:smooths усредн:averages границ:edges
контур:contours пиксел:pixels изображен:image сосед:neighbours тождеств:identity
лаплас:laplacian
"""

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
מרכז:centre מרכזי:central חלון:window כלומר:so
מקבל:gets מקבלת:gets מקבלים:get לוקח:takes לוקחת:takes
לא:not אינו:not אינה:not ללא:no בלי:no
של:of את:the זה:it זו:it הוא:is היא:is כל:each על:on עם:with כמו:like או:or אבל:but
כי:because בדיוק:exactly שווה:equals בערך:roughly
"""
"""Hebrew words and their English readings."""

HEBREW_PREFIXES = {"ה": (), "ו": ("and",), "ב": ("by",), "ל": (), "מ": ("from",), "ש": ()}
"""Hebrew's one-letter prefixes (the, and, in or by, to, from, that), read off a word
whose rest is known: "התמונה" is "the image", "ומזיז" is "and shifts", "בפיקסל אחד" is
"by pixel one", "מימין" is "from right". "And" ends a clause, "by" leads to a distance and
"from" to a side; the others make no claim of their own."""


_CHINESE = """
恒等:identity 不变:unchanged 原图:original 原始:original 相同:same 一样:same 等于:equals
输出:output 输入:input
平移:shift 移动:moves 偏移:shift 像素:pixel 图像:image 图片:image 整体:whole
一个:one 两个:two 九个:nine
向左:leftwards 向右:rightwards 向上:up 向下:down
模糊:blur 均值:mean 平均:average 平滑:smooth 滤波器:filter 滤波:filter 盒式:box 方框:box
边缘:edges 检测:detection 拉普拉斯:laplacian 锐化:sharpen 高通:highpass 低通:lowpass
二阶导数:second_derivative 导数:derivative
卷积核:kernel 核:kernel 卷积:convolution 翻转:flipped 取决于:depending 是否:whether
邻域:neighbourhood 周围:surrounding 邻居:neighbours
或:or 和:and 的:of 是:is 把:the 将:the 不:not 没有:no
"""
"""Chinese terms and their English readings. Chinese is written without spaces, so a
description is cut at the terms known here, longest first (`spaced`); a run of characters
left between them is a word the grader does not know, and sends its clause to a person."""

_CHINESE_PUNCTUATION = str.maketrans("，。；：、（）", ",.;:,()")


def _chinese() -> tuple[dict[str, str], re.Pattern[str]]:
    table = {word: english.replace("_", " ") for word, english in
             (entry.split(":") for entry in _CHINESE.split())}
    terms = sorted(table, key=len, reverse=True)
    return table, re.compile("|".join(map(re.escape, terms)))


CHINESE, _CHINESE_TERMS = _chinese()


def spaced(text: str) -> str:
    """Chinese text with its known terms read in English and spaced apart."""
    text = text.translate(_CHINESE_PUNCTUATION)
    return _CHINESE_TERMS.sub(lambda m: f" {CHINESE[m.group()]} ", text)


def _table(text: str) -> dict[str, str]:
    """The entries, keyed as claims.py spells what it reads: without combining marks."""
    return {"".join(c for c in unicodedata.normalize("NFD", word)
                    if not unicodedata.combining(c)): english
            for word, english in (entry.split(":") for entry in text.split())}


TRANSLATIONS: dict[str, str] = {**_table(_SPANISH), **_table(_GERMAN), **_table(_FRENCH),
                                **_table(_RUSSIAN), **_table(_HEBREW)}
STEM_TRANSLATIONS: dict[str, str] = {**_table(_SPANISH_STEMS), **_table(_GERMAN_STEMS),
                                     **_table(_FRENCH_STEMS), **_table(_RUSSIAN_STEMS)}
