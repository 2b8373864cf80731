<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name></name>
    <message>
        <source>◀ Back</source>
        <extracomment>The redo keys: Ctrl+Shift+Z and Ctrl+Y, as every platform&apos;s Redo is one of them, then the platform&apos;s own.</extracomment>
        <translation>◀ Zurück</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>Schritt zurück</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>Schritt ▶</translation>
    </message>
    <message>
        <source>Step forward</source>
        <translation>Schritt vor</translation>
    </message>
    <message>
        <source>◀◀ Phase</source>
        <translation>◀◀ Phase</translation>
    </message>
    <message>
        <source>Back to the start of the phase</source>
        <translation>Zurück zum Anfang der Phase</translation>
    </message>
    <message>
        <source>Phase ▶▶</source>
        <translation>Phase ▶▶</translation>
    </message>
    <message>
        <source>Run to the end of the phase</source>
        <translation>Bis zum Ende der Phase laufen</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>Abspielen oder anhalten</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <source>Back to the first iteration</source>
        <translation>Zurück zur ersten Iteration</translation>
    </message>
    <message>
        <source>&amp;Predict before each step</source>
        <translation>&amp;Vor jedem Schritt vorhersagen</translation>
    </message>
    <message>
        <source>Type what the next step will give before it shows</source>
        <translation>Tippe, was der nächste Schritt ergibt, bevor er es zeigt</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Vorhersagen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Stepping</source>
        <translation>Schritte</translation>
    </message>
    <message>
        <source>More commands</source>
        <translation>Weitere Befehle</translation>
    </message>
    <message>
        <source> By </source>
        <translation> Je </translation>
    </message>
    <message>
        <source>Step by</source>
        <translation>Schritt je</translation>
    </message>
    <message>
        <source>How far one step goes: a term of a sum, an element, a layer, a phase or a whole iteration</source>
        <translation>Wie weit ein Schritt geht: ein Term einer Summe, ein Element, eine Schicht, eine Phase oder eine ganze Iteration</translation>
    </message>
    <message>
        <source>Autoplay speed</source>
        <translation>Abspielgeschwindigkeit</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Lektion</translation>
    </message>
    <message>
        <source>Lesson </source>
        <translation>Lektion </translation>
    </message>
    <message>
        <source>(no lesson)</source>
        <translation>(keine Lektion)</translation>
    </message>
    <message>
        <source>Open a lesson</source>
        <translation>Eine Lektion öffnen</translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation>{0}/s</translation>
    </message>
    <message>
        <source>Autoplay speed: {0} steps a second</source>
        <translation>Abspielgeschwindigkeit: {0} Schritte pro Sekunde</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Network…</source>
        <translation>&amp;Netzwerk…</translation>
    </message>
    <message>
        <source>Change the network</source>
        <translation>Das Netzwerk ändern</translation>
    </message>
    <message>
        <source>Re-&amp;initialise weights…</source>
        <translation>Gewichte neu &amp;initialisieren…</translation>
    </message>
    <message>
        <source>Fresh random weights</source>
        <translation>Neue zufällige Gewichte</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Schritt</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Instruments</source>
        <translation>&amp;Instrumente</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>&amp;Training</translation>
    </message>
    <message>
        <source>&amp;Run iterations…</source>
        <translation>Iterationen &amp;ausführen…</translation>
    </message>
    <message>
        <source>Train many iterations</source>
        <translation>Viele Iterationen trainieren</translation>
    </message>
    <message>
        <source>&amp;Cancel training</source>
        <translation>Training &amp;abbrechen</translation>
    </message>
    <message>
        <source>Stop training</source>
        <translation>Training anhalten</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About ConvStudio</source>
        <translation>&amp;Über ConvStudio</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>Ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a session or an image</source>
        <translation>Eine Sitzung oder ein Bild öffnen</translation>
    </message>
    <message>
        <source>&amp;Save session…</source>
        <translation>Sitzung &amp;speichern…</translation>
    </message>
    <message>
        <source>Save everything</source>
        <translation>Alles speichern</translation>
    </message>
    <message>
        <source>Load &amp;image…</source>
        <translation>&amp;Bild laden…</translation>
    </message>
    <message>
        <source>Use your own picture as input</source>
        <translation>Dein eigenes Bild als Eingabe verwenden</translation>
    </message>
    <message>
        <source>Learn from a folder of your own pictures, one subfolder per class</source>
        <translation>Aus einem Ordner eigener Bilder lernen, ein Unterordner pro Klasse</translation>
    </message>
    <message>
        <source>Open image &amp;folder…</source>
        <translation>Bilder&amp;ordner öffnen…</translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation>&amp;Bildschirmfoto speichern…</translation>
    </message>
    <message>
        <source>Save the window as PNG</source>
        <translation>Das Fenster als PNG speichern</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Quit ConvStudio</source>
        <translation>ConvStudio beenden</translation>
    </message>
    <message>
        <source>Step by {0}</source>
        <translation>Schritt je {0}</translation>
    </message>
    <message>
        <source>Show dL/d&amp;I</source>
        <translation>dL/d&amp;I zeigen</translation>
    </message>
    <message>
        <source>Also compute and show the input&apos;s gradient</source>
        <translation>Auch den Gradienten der Eingabe berechnen und zeigen</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>&amp;Größere Schrift</translation>
    </message>
    <message>
        <source>Larger equations (projector)</source>
        <translation>Größere Gleichungen (Beamer)</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>&amp;Kleinere Schrift</translation>
    </message>
    <message>
        <source>Smaller equations</source>
        <translation>Kleinere Gleichungen</translation>
    </message>
    <message>
        <source>&amp;Projector mode</source>
        <translation>&amp;Beamer-Modus</translation>
    </message>
    <message>
        <source>Everything larger, for a classroom</source>
        <translation>Alles größer, für den Unterricht</translation>
    </message>
    <message>
        <source>&amp;Dark palette</source>
        <translation>&amp;Dunkle Farben</translation>
    </message>
    <message>
        <source>Light text on a dark background</source>
        <translation>Helle Schrift auf dunklem Hintergrund</translation>
    </message>
    <message>
        <source>Re-initialise weights</source>
        <translation>Gewichte neu initialisieren</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Startwert:</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Trainieren</translation>
    </message>
    <message>
        <source>Iterations to run:</source>
        <translation>Auszuführende Iterationen:</translation>
    </message>
    <message>
        <source>About ConvStudio</source>
        <translation>Über ConvStudio</translation>
    </message>
    <message>
        <source>&lt;b&gt;ConvStudio {0}&lt;/b&gt;&lt;p&gt;See how a convolutional network learns its filters, one multiply-add at a time.&lt;/p&gt;</source>
        <translation>&lt;b&gt;ConvStudio {0}&lt;/b&gt;&lt;p&gt;Sieh zu, wie ein Faltungsnetz seine Filter lernt, eine Multiplikation und Addition nach der anderen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This iteration diverged (its loss is not a number): there is nothing to derive.</source>
        <extracomment>PNG exports are drawn at this many pixels per screen pixel: sharp on slides and in print.</extracomment>
        <translation>Diese Iteration ist divergiert (ihr Verlust ist keine Zahl): es gibt nichts herzuleiten.</translation>
    </message>
    <message>
        <source>The derivation could not be written: {0}</source>
        <translation>Die Herleitung konnte nicht geschrieben werden: {0}</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>{0} exportiert</translation>
    </message>
    <message>
        <source> and </source>
        <translation> und </translation>
    </message>
    <message>
        <source>This iteration diverged (its loss is not a number): there is nothing to check.</source>
        <translation>Diese Iteration ist divergiert (ihr Verlust ist keine Zahl): es gibt nichts zu prüfen.</translation>
    </message>
    <message>
        <source>The PyTorch script could not be written: {0}</source>
        <translation>Das PyTorch-Skript konnte nicht geschrieben werden: {0}</translation>
    </message>
    <message>
        <source>The PyTorch script could not be made: {0}</source>
        <translation>Das PyTorch-Skript konnte nicht erstellt werden: {0}</translation>
    </message>
    <message>
        <source>ConvStudio session</source>
        <translation>ConvStudio-Sitzung</translation>
    </message>
    <message>
        <source>ConvStudio panels</source>
        <translation>ConvStudio-Felder</translation>
    </message>
    <message>
        <source>The panels</source>
        <translation>Die Felder</translation>
    </message>
    <message>
        <source>There is no loss curve yet: finish one iteration first.</source>
        <translation>Es gibt noch keine Verlustkurve: beende zuerst eine Iteration.</translation>
    </message>
    <message>
        <source>The loss curve</source>
        <translation>Die Verlustkurve</translation>
    </message>
    <message>
        <source>a name without a suffix</source>
        <translation>ein Name ohne Endung</translation>
    </message>
    <message>
        <source>{0} can be saved as .png or .svg, not {1}</source>
        <translation>{0} kann als .png oder .svg gespeichert werden, nicht als {1}</translation>
    </message>
    <message>
        <source>{0} could not be saved: {1}</source>
        <translation>{0} konnte nicht gespeichert werden: {1}</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <source>&amp;Derivation (Markdown + script)…</source>
        <translation>&amp;Herleitung (Markdown + Skript)…</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>The current iteration, every element with its numbers, and a NumPy script that checks it</source>
        <translation>Die aktuelle Iteration, jedes Element mit seinen Zahlen, und ein NumPy-Skript, das sie prüft</translation>
    </message>
    <message>
        <source>P&amp;yTorch script…</source>
        <translation>P&amp;yTorch-Skript…</translation>
    </message>
    <message>
        <source>Python scripts (*.py)</source>
        <translation>Python-Skripte (*.py)</translation>
    </message>
    <message>
        <source>The current iteration rebuilt in PyTorch: a script that runs it and checks every number</source>
        <translation>Die aktuelle Iteration in PyTorch nachgebaut: ein Skript, das sie ausführt und jede Zahl prüft</translation>
    </message>
    <message>
        <source>&amp;Panels as PNG…</source>
        <translation>&amp;Felder als PNG…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>The panels as a sharp image</source>
        <translation>Die Felder als scharfes Bild</translation>
    </message>
    <message>
        <source>Panels as &amp;SVG…</source>
        <translation>Felder als &amp;SVG…</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>SVG-Zeichnungen (*.svg)</translation>
    </message>
    <message>
        <source>The panels as a vector drawing: lines and text stay sharp at any size</source>
        <translation>Die Felder als Vektorzeichnung: Linien und Text bleiben in jeder Größe scharf</translation>
    </message>
    <message>
        <source>&amp;Handout (PDF)…</source>
        <translation>Hand&amp;out (PDF)…</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF-Dokumente (*.pdf)</translation>
    </message>
    <message>
        <source>The current iteration&apos;s derivation with the panels at each phase, ready to print</source>
        <translation>Die Herleitung der aktuellen Iteration mit den Feldern in jeder Phase, druckfertig</translation>
    </message>
    <message>
        <source>&amp;Loss curve as PNG…</source>
        <translation>&amp;Verlustkurve als PNG…</translation>
    </message>
    <message>
        <source>The loss curve as an image</source>
        <translation>Die Verlustkurve als Bild</translation>
    </message>
    <message>
        <source>Loss curve as S&amp;VG…</source>
        <translation>Verlustkurve als S&amp;VG…</translation>
    </message>
    <message>
        <source>The loss curve as a vector drawing</source>
        <translation>Die Verlustkurve als Vektorzeichnung</translation>
    </message>
    <message>
        <source>Export: {0}</source>
        <translation>Exportieren: {0}</translation>
    </message>
    <message>
        <source>The other elements of this section:</source>
        <extracomment>Steps of a section written out as equations; the rest are listed by value, up to LISTED.</extracomment>
        <translation>Die übrigen Elemente dieses Abschnitts:</translation>
    </message>
    <message>
        <source>… and {0} more elements, which add up to {1}.</source>
        <translation>… und {0} weitere Elemente, die zusammen {1} ergeben.</translation>
    </message>
    <message>
        <source>Training iteration {0}, element by element: every step with its numbers.</source>
        <translation>Trainingsiteration {0}, Element für Element: jeder Schritt mit seinen Zahlen.</translation>
    </message>
    <message>
        <source>Loss L = {0}</source>
        <translation>Verlust L = {0}</translation>
    </message>
    <message>
        <source>Forward pass</source>
        <translation>Vorwärtsdurchlauf</translation>
    </message>
    <message>
        <source>Backward pass</source>
        <translation>Rückwärtsdurchlauf</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>A handout is saved as .pdf, not {0}</source>
        <translation>Ein Handout wird als .pdf gespeichert, nicht als {0}</translation>
    </message>
    <message>
        <source>nothing was written</source>
        <translation>nichts wurde geschrieben</translation>
    </message>
    <message>
        <source>The handout could not be written: {0}</source>
        <translation>Das Handout konnte nicht geschrieben werden: {0}</translation>
    </message>
    <message>
        <source>γ (scale)</source>
        <extracomment>What batch norm&apos;s parameters are, in the picker&apos;s words (other layers&apos; are &quot;weight&quot; and &quot;bias&quot;).</extracomment>
        <translation>γ (Skalierung)</translation>
    </message>
    <message>
        <source>β (shift)</source>
        <translation>β (Verschiebung)</translation>
    </message>
    <message>
        <source>weight</source>
        <extracomment>Every other layer&apos;s parameters, in the picker&apos;s words.</extracomment>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>Bias</translation>
    </message>
    <message>
        <source>{0} · layer {1} ({2}) {3}</source>
        <translation>{0} · Schicht {1} ({2}) {3}</translation>
    </message>
    <message>
        <source>{0} (layer {1} {2} {3} [{4}])</source>
        <translation>{0} (Schicht {1} {2} {3} [{4}])</translation>
    </message>
    <message>
        <source>score</source>
        <extracomment>The columns of the CSV, in order.</extracomment>
        <translation>Punktestand</translation>
    </message>
    <message>
        <source>Te&amp;xt size</source>
        <translation>Te&amp;xtgröße</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <source>step of {0}</source>
        <extracomment>What each state key is called on the screen, before the weight&apos;s name.</extracomment>
        <translation>Schritt von {0}</translation>
    </message>
    <message>
        <source>How far each weight moves: lr·m̂/(√v̂ + ε)</source>
        <translation>Wie weit sich jedes Gewicht bewegt: lr·m̂/(√v̂ + ε)</translation>
    </message>
    <message>
        <source>How far each weight moves: lr·buf</source>
        <translation>Wie weit sich jedes Gewicht bewegt: lr·buf</translation>
    </message>
    <message>
        <source>Adam&apos;s running mean of the gradient: m ← β₁·m + (1 − β₁)·g</source>
        <translation>Adams gleitender Mittelwert des Gradienten: m ← β₁·m + (1 − β₁)·g</translation>
    </message>
    <message>
        <source>Adam&apos;s running mean of the squared gradient: v ← β₂·v + (1 − β₂)·g²</source>
        <translation>Adams gleitender Mittelwert des quadrierten Gradienten: v ← β₂·v + (1 − β₂)·g²</translation>
    </message>
    <message>
        <source>The momentum buffer: buf ← momentum·buf + g</source>
        <translation>Der Momentum-Puffer: buf ← momentum·buf + g</translation>
    </message>
    <message>
        <source>Your teacher has fixed this lesson</source>
        <translation>Deine Lehrkraft hat diese Lektion festgelegt</translation>
    </message>
</context>
<context>
    <name>AccuracyPlot</name>
    <message>
        <source>Train and test accuracy per iteration</source>
        <extracomment>Okabe-Ito blue for the training images, vermillion for the test images.</extracomment>
        <translation>Trainings- und Testgenauigkeit pro Iteration</translation>
    </message>
    <message>
        <source>train</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>test</source>
        <translation>Test</translation>
    </message>
    <message>
        <source>iterations trained</source>
        <translation>trainierte Iterationen</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>Genauigkeit (%)</translation>
    </message>
</context>
<context>
    <name>AnswerBars</name>
    <message>
        <source>class {0}: {1:.0%}</source>
        <translation>Klasse {0}: {1:.0%}</translation>
    </message>
    <message>
        <source>most likely class {0}; </source>
        <translation>wahrscheinlichste Klasse {0}; </translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>Klasse {0}</translation>
    </message>
</context>
<context>
    <name>BatchPosition</name>
    <message>
        <source>epoch {0} · batch {1} of {2}</source>
        <translation>Epoche {0} · Batch {1} von {2}</translation>
    </message>
    <message>
        <source>Iteration {0}</source>
        <translation>Iteration {0}</translation>
    </message>
</context>
<context>
    <name>Card</name>
    <message>
        <source>A label is a class number from {0} to {1}</source>
        <translation>Eine Klasse ist eine Zahl von {0} bis {1}</translation>
    </message>
</context>
<context>
    <name>CheckModel</name>
    <message>
        <source>weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>Stellen</translation>
    </message>
    <message>
        <source>backprop dL/dw</source>
        <translation>Backpropagation dL/dw</translation>
    </message>
    <message>
        <source>slope (L₊ − L₋)/2ε</source>
        <translation>Steigung (L₊ − L₋)/2ε</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>Differenz</translation>
    </message>
    <message>
        <source>{0} nudged by ±{1}: {2}
slope {3}, backprop {4}, relative difference {5}</source>
        <translation>{0} ausgelenkt um ±{1}: {2}
Steigung {3}, Backpropagation {4}, relative Differenz {5}</translation>
    </message>
</context>
<context>
    <name>ClassifierView</name>
    <message>
        <source>Click a cell to see the test images it counts.</source>
        <extracomment>The gallery redraws at most this often (ms) while the weights change with every iteration.</extracomment>
        <translation>Klicke auf eine Zelle, um die Testbilder zu sehen, die sie zählt.</translation>
    </message>
    <message>
        <source>This instrument measures a classifier on test images its lesson holds out from training: open the Handwritten digits lesson.</source>
        <translation>Dieses Instrument misst einen Klassifikator an Testbildern, die seine Lektion vom Training zurückhält: öffne die Lektion „Handgeschriebene Ziffern“.</translation>
    </message>
    <message>
        <source>Measuring the first weights…</source>
        <translation>Die ersten Gewichte werden gemessen…</translation>
    </message>
    <message>
        <source>After {0} iterations ({1:.1f} epochs): train {2:.1f}%, test {3:.1f}% ({4} of {5} test images right)</source>
        <translation>Nach {0} Iterationen ({1:.1f} Epochen): Training {2:.1f} %, Test {3:.1f} % ({4} von {5} Testbildern richtig)</translation>
    </message>
    <message>
        <source>The {0} misclassified test images (true → predicted). Click one to make it image 1 of this mini-batch and step through it.</source>
        <translation>Die {0} falsch klassifizierten Testbilder (wahr → vorhergesagt). Klicke auf eines, um es zu Bild 1 dieses Mini-Batches zu machen und es durchzugehen.</translation>
    </message>
    <message>
        <source>Test image {0}: a {1}, predicted {2}</source>
        <translation>Testbild {0}: eine {1}, vorhergesagt {2}</translation>
    </message>
    <message>
        <source>{0} test images of class {1} predicted as {2}:</source>
        <translation>{0} Testbilder der Klasse {1}, vorhergesagt als {2}:</translation>
    </message>
    <message>
        <source>Step through test image {0}</source>
        <translation>Testbild {0} durchgehen</translation>
    </message>
</context>
<context>
    <name>ConfusionTable</name>
    <message>
        <source>Confusion matrix: true class by row, predicted class by column</source>
        <extracomment>The right answers&apos; shade (Okabe-Ito blue) and the mistakes&apos; (vermillion), at full share.</extracomment>
        <translation>Konfusionsmatrix: wahre Klasse pro Zeile, vorhergesagte Klasse pro Spalte</translation>
    </message>
    <message>
        <source>{0} test images of class {1} predicted as {2}</source>
        <translation>{0} Testbilder der Klasse {1}, vorhergesagt als {2}</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>Nudge one weight</source>
        <translation>Ein Gewicht auslenken</translation>
    </message>
    <message>
        <source>Which parameter tensor to nudge</source>
        <translation>Welcher Parametertensor ausgelenkt wird</translation>
    </message>
    <message>
        <source>Nudge the weight whose gradient or update the current step computes</source>
        <translation>Das Gewicht auslenken, dessen Gradienten oder Update der aktuelle Schritt berechnet</translation>
    </message>
    <message>
        <source>Which {what} of W the grid shows</source>
        <translation>Welches Element ({what}) von W das Raster zeigt</translation>
    </message>
    <message>
        <source>How far to nudge the weight, in decades (or type a value): too large and the slope is a chord&apos;s, too small and rounding swamps the difference</source>
        <translation>Wie weit das Gewicht ausgelenkt wird, in Zehnerpotenzen (oder tippe einen Wert): zu groß, und die Steigung ist die einer Sehne, zu klein, und die Rundung überdeckt die Differenz</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Gewicht</translation>
    </message>
    <message>
        <source>Click a weight to nudge it</source>
        <translation>Klicke ein Gewicht an, um es auszulenken</translation>
    </message>
    <message>
        <source>Nudge ε</source>
        <translation>Auslenkung ε</translation>
    </message>
    <message>
        <source>The two losses come from two forward passes over the whole batch; backprop&apos;s value from one forward and one backward pass, shared by every weight. Green: the digits they share.</source>
        <translation>Die zwei Verluste stammen aus zwei Vorwärtsdurchläufen über den ganzen Batch; der Wert der Backpropagation aus einem Vorwärts- und einem Rückwärtsdurchlauf, den alle Gewichte teilen. Grün: die Ziffern, die sie gemeinsam haben.</translation>
    </message>
    <message>
        <source>Which parameters to nudge, one at a time</source>
        <translation>Welche Parameter der Reihe nach ausgelenkt werden</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Nudge every weight in turn and compare each slope with backprop</source>
        <translation>Jedes Gewicht der Reihe nach auslenken und jede Steigung mit der Backpropagation vergleichen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop after the weight being nudged</source>
        <translation>Nach dem gerade ausgelenkten Gewicht anhalten</translation>
    </message>
    <message>
        <source>%v / %m weights</source>
        <translation>%v / %m Gewichte</translation>
    </message>
    <message>
        <source>Every ε</source>
        <translation>Jedes ε</translation>
    </message>
    <message>
        <source>Every parameter</source>
        <translation>Jeder Parameter</translation>
    </message>
    <message>
        <source>The same weight nudged by ε from 1e-1 to 1e-12: how far off each slope is</source>
        <translation>Dasselbe Gewicht, ausgelenkt um ε von 1e-1 bis 1e-12: wie weit jede Steigung danebenliegt</translation>
    </message>
    <message>
        <source>Every weight nudged in turn: a table, its worst row, and what it cost</source>
        <translation>Jedes Gewicht der Reihe nach ausgelenkt: eine Tabelle, ihre schlechteste Zeile und was es gekostet hat</translation>
    </message>
</context>
<context>
    <name>ConvLayerPicker</name>
    <message>
        <source>Conv layer shown</source>
        <translation>Gezeigte Faltungsschicht</translation>
    </message>
    <message>
        <source>Which conv layer of the network this instrument shows</source>
        <translation>Welche Faltungsschicht des Netzwerks dieses Instrument zeigt</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>layer {0} (conv, {1})</source>
        <translation>Schicht {0} (Faltung, {1})</translation>
    </message>
</context>
<context>
    <name>ConvLayersOnly</name>
    <message>
        <source>This instrument shows a conv layer; this network has none (a transposed convolution is not one).</source>
        <translation>Dieses Instrument zeigt eine Faltungsschicht; dieses Netzwerk hat keine (eine transponierte Faltung zählt nicht).</translation>
    </message>
</context>
<context>
    <name>Correlation</name>
    <message>
        <source>Layer {0}: its input is the image {1}.</source>
        <translation>Schicht {0}: ihre Eingabe ist das Bild {1}.</translation>
    </message>
    <message>
        <source>Layer {0}: its input I{1} is {2}, the layer below&apos;s output.</source>
        <translation>Schicht {0}: ihre Eingabe I{1} ist {2}, die Ausgabe der Schicht darunter.</translation>
    </message>
</context>
<context>
    <name>CorrelationView</name>
    <message>
        <source>dL/dI = dL/do ∗ W (full)</source>
        <translation>dL/dI = dL/do ∗ W (voll)</translation>
    </message>
    <message>
        <source>Forward: o = I ⋆ W</source>
        <translation>Vorwärts: o = I ⋆ W</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;■&lt;/span&gt; cells the taps meet &amp;nbsp; &lt;span style=&apos;color:{1}&apos;&gt;■&lt;/span&gt; their sum &amp;nbsp; &lt;span style=&apos;color:{2}&apos;&gt;■&lt;/span&gt; the rest of the filter</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;■&lt;/span&gt; Zellen unter den Abgriffen &amp;nbsp; &lt;span style=&apos;color:{1}&apos;&gt;■&lt;/span&gt; ihre Summe &amp;nbsp; &lt;span style=&apos;color:{2}&apos;&gt;■&lt;/span&gt; der Rest des Filters</translation>
    </message>
    <message>
        <source>What slides over what</source>
        <translation>Was über was gleitet</translation>
    </message>
    <message>
        <source>What slides over what: the weight gradient, the input gradient, or the forward pass</source>
        <translation>Was über was gleitet: der Gewichtsgradient, der Eingabegradient oder der Vorwärtsdurchlauf</translation>
    </message>
    <message>
        <source>Go to the element the current step computes</source>
        <translation>Zum Element gehen, das der aktuelle Schritt berechnet</translation>
    </message>
    <message>
        <source>True convolution beside it</source>
        <translation>Echte Faltung daneben</translation>
    </message>
    <message>
        <source>Also show I ∗ W = I ⋆ flip(W): the same sliding, the filter turned half a turn</source>
        <translation>Auch I ∗ W = I ⋆ flip(W) zeigen: dasselbe Gleiten, der Filter um eine halbe Umdrehung gedreht</translation>
    </message>
    <message>
        <source>The previous position</source>
        <translation>Die vorige Position</translation>
    </message>
    <message>
        <source>The next position</source>
        <translation>Die nächste Position</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Slide through every position</source>
        <translation>Durch alle Positionen gleiten</translation>
    </message>
    <message>
        <source>Sliding speed</source>
        <translation>Gleitgeschwindigkeit</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation>{0}/s</translation>
    </message>
    <message>
        <source>Playing speed: {0} positions a second</source>
        <translation>Abspielgeschwindigkeit: {0} Positionen pro Sekunde</translation>
    </message>
</context>
<context>
    <name>CrossingCard</name>
    <message>
        <source>The gradient crossing into the layer below</source>
        <translation>Der Gradient, der in die Schicht darunter übergeht</translation>
    </message>
</context>
<context>
    <name>DenseMatrix</name>
    <message>
        <source>row {0}, column {1}</source>
        <translation>Zeile {0}, Spalte {1}</translation>
    </message>
    <message>
        <source>{0}: 0 (no weight meets this cell for this output)</source>
        <translation>{0}: 0 (kein Gewicht trifft diese Zelle für diese Ausgabe)</translation>
    </message>
    <message>
        <source>
dL/dM here = dL/d{0} · {1} = {2}</source>
        <translation>
dL/dM hier = dL/d{0} · {1} = {2}</translation>
    </message>
</context>
<context>
    <name>Drawing</name>
    <message>
        <source>Which image&apos;s share of the sum is drawn (dL/dW adds up every image)</source>
        <extracomment>What each selector picks in each mode (the element computed, or the slice of the sum drawn).</extracomment>
        <translation>Welches Bild seinen Anteil an der Summe zeigt (dL/dW summiert über alle Bilder)</translation>
    </message>
    <message>
        <source>Which filter&apos;s dL/dW is computed</source>
        <translation>Für welchen Filter dL/dW berechnet wird</translation>
    </message>
    <message>
        <source>Which channel&apos;s dL/dW is computed</source>
        <translation>Für welchen Kanal dL/dW berechnet wird</translation>
    </message>
    <message>
        <source>Which image&apos;s dL/dI is computed</source>
        <translation>Für welches Bild dL/dI berechnet wird</translation>
    </message>
    <message>
        <source>Which filter&apos;s share of the sum is drawn (dL/dI adds up every filter)</source>
        <translation>Welcher Filter seinen Anteil an der Summe zeigt (dL/dI summiert über alle Filter)</translation>
    </message>
    <message>
        <source>Which channel&apos;s dL/dI is computed</source>
        <translation>Für welchen Kanal dL/dI berechnet wird</translation>
    </message>
    <message>
        <source>Which image&apos;s output is computed</source>
        <translation>Für welches Bild die Ausgabe berechnet wird</translation>
    </message>
    <message>
        <source>Which filter&apos;s output map is computed</source>
        <translation>Welche Ausgabekarte (welcher Filter) berechnet wird</translation>
    </message>
    <message>
        <source>Which channel&apos;s share of the sum is drawn (an output adds up every channel)</source>
        <translation>Welcher Kanal seinen Anteil an der Summe zeigt (eine Ausgabe summiert über alle Kanäle)</translation>
    </message>
    <message>
        <source>Position {0} of {1}</source>
        <translation>Position {0} von {1}</translation>
    </message>
    <message>
        <source> · on the padding: cropped away</source>
        <translation> · auf dem Padding: abgeschnitten</translation>
    </message>
    <message>
        <source>dL/do, zeros inserted and around it</source>
        <translation>dL/do, mit eingefügten Nullen und Rand</translation>
    </message>
    <message>
        <source>, padded by {0}</source>
        <translation>, aufgefüllt um {0}</translation>
    </message>
    <message>
        <source>Input I</source>
        <translation>Eingabe I</translation>
    </message>
    <message>
        <source> with zeros between (stride {0})</source>
        <translation> mit Nullen dazwischen (Schrittweite {0})</translation>
    </message>
    <message>
        <source>W flipped</source>
        <translation>W gespiegelt</translation>
    </message>
    <message>
        <source>Filter W</source>
        <translation>Filter W</translation>
    </message>
    <message>
        <source>, taps {0} apart</source>
        <translation>, Abgriffe {0} auseinander</translation>
    </message>
    <message>
        <source> on the padded input (border cropped)</source>
        <translation> auf der aufgefüllten Eingabe (Rand abgeschnitten)</translation>
    </message>
</context>
<context>
    <name>DrawingPad</name>
    <message>
        <source>Drawing pad</source>
        <translation>Zeichenblock</translation>
    </message>
    <message>
        <source>row {0}, column {1}, ink {2:.0%}</source>
        <translation>Zeile {0}, Spalte {1}, Tinte {2:.0%}</translation>
    </message>
</context>
<context>
    <name>DrawingView</name>
    <message>
        <source>The network&apos;s answer for the drawing</source>
        <translation>Die Antwort des Netzwerks auf die Zeichnung</translation>
    </message>
    <message>
        <source>Image of the batch the drawing replaces</source>
        <translation>Bild des Batches, das die Zeichnung ersetzt</translation>
    </message>
    <message>
        <source>The class the drawing should have</source>
        <translation>Die Klasse, die die Zeichnung haben sollte</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Leeren</translation>
    </message>
    <message>
        <source>Start from &amp;that image</source>
        <translation>Mit &amp;diesem Bild beginnen</translation>
    </message>
    <message>
        <source>Copy the chosen image of the batch onto the pad</source>
        <translation>Das gewählte Bild des Batches auf den Zeichenblock kopieren</translation>
    </message>
    <message>
        <source>&amp;Step through the drawing</source>
        <translation>Die Zeichnung &amp;durchschreiten</translation>
    </message>
    <message>
        <source>Put the drawing in the batch with its label and start the iteration again (undoable)</source>
        <translation>Die Zeichnung mit ihrer Klasse in den Batch legen und die Iteration neu beginnen (rückgängig machbar)</translation>
    </message>
    <message>
        <source>Replaces image</source>
        <translation>Ersetzt Bild</translation>
    </message>
    <message>
        <source>Should be class</source>
        <translation>Sollte Klasse sein</translation>
    </message>
    <message>
        <source>What the network says, as you draw:</source>
        <translation>Was das Netzwerk sagt, während du zeichnest:</translation>
    </message>
    <message>
        <source>What the network predicts for the drawing:</source>
        <translation>Was das Netzwerk für die Zeichnung vorhersagt:</translation>
    </message>
    <message>
        <source>No answer: {0}</source>
        <translation>Keine Antwort: {0}</translation>
    </message>
    <message>
        <source>Draw image {0}</source>
        <translation>Bild {0} zeichnen</translation>
    </message>
    <message>
        <source>Image {0} is now the drawing: step through its forward and backward pass.</source>
        <translation>Bild {0} ist jetzt die Zeichnung: gehe ihren Vorwärts- und Rückwärtsdurchlauf durch.</translation>
    </message>
</context>
<context>
    <name>EquationPanel</name>
    <message>
        <source>Press → (or Step ▶) to compute the first element.</source>
        <translation>Drücke → (oder Schritt ▶), um das erste Element zu berechnen.</translation>
    </message>
    <message>
        <source>Equations</source>
        <extracomment>The equation&apos;s size, in multiples of the window&apos;s font: as large as fits, within these. Smaller still (of the window&apos;s font, whatever the zoom) when its widest number would not fit the panel&apos;s width: below this the panel scrolls sideways instead. A slash in the text (not in a tag): lines may break there, which splits dL/do11 in two. Steps by these units show the whole result; by phase, of its last few sections.</extracomment>
        <translation>Gleichungen</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the equation as text and as LaTeX</source>
        <translation>Die Gleichung als Text und als LaTeX kopieren</translation>
    </message>
    <message>
        <source>Copy as LaTeX</source>
        <translation>Als LaTeX kopieren</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>Als Text kopieren</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>The equations come back when training stops (Esc, or any step).</source>
        <translation>Die Gleichungen kommen zurück, wenn das Training anhält (Esc oder ein beliebiger Schritt).</translation>
    </message>
    <message>
        <source>Iteration {0}</source>
        <translation>Iteration {0}</translation>
    </message>
    <message>
        <source> · step 0 of {0}</source>
        <translation> · Schritt 0 von {0}</translation>
    </message>
    <message>
        <source> · step {0} of {1}</source>
        <translation> · Schritt {0} von {1}</translation>
    </message>
    <message>
        <source>&lt;p&gt;Running sum after {0} of {1} terms: &lt;b&gt;{2}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Laufende Summe nach {0} von {1} Termen: &lt;b&gt;{2}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The forward pass</source>
        <translation>Der Vorwärtsdurchlauf</translation>
    </message>
    <message>
        <source>The backward pass</source>
        <translation>Der Rückwärtsdurchlauf</translation>
    </message>
    <message>
        <source>The update</source>
        <translation>Das Update</translation>
    </message>
    <message>
        <source> · step {0} of {1} · done</source>
        <translation> · Schritt {0} von {1} · fertig</translation>
    </message>
    <message>
        <source>{0} and {1} more</source>
        <translation>{0} und {1} weitere</translation>
    </message>
    <message>
        <source>The zeros are padding: {0}, outside the input.</source>
        <translation>Die Nullen sind Padding: {0}, außerhalb der Eingabe.</translation>
    </message>
</context>
<context>
    <name>EquationStatus</name>
    <message>
        <source>The current step&apos;s equation</source>
        <translation>Die Gleichung des aktuellen Schritts</translation>
    </message>
    <message>
        <source>No equation yet</source>
        <translation>Noch keine Gleichung</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>ConvStudio sessions (*.convstudio *.json)</source>
        <translation>ConvStudio-Sitzungen (*.convstudio *.json)</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif)</source>
        <translation>Bilder (*.png *.jpg *.jpeg *.bmp *.gif)</translation>
    </message>
    <message>
        <source>Lessons (*.toml)</source>
        <translation>Lektionen (*.toml)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Sitzung speichern</translation>
    </message>
    <message>
        <source>The session could not be saved: {0}</source>
        <translation>Die Sitzung konnte nicht gespeichert werden: {0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>{0} gespeichert</translation>
    </message>
    <message>
        <source>Load image</source>
        <translation>Bild laden</translation>
    </message>
    <message>
        <source>Load image {0}</source>
        <translation>Bild {0} laden</translation>
    </message>
    <message>
        <source>Open image folder {0}</source>
        <translation>Bilderordner {0} öffnen</translation>
    </message>
    <message>
        <source>Learning from {0} images of {1} classes in “{2}”: {3} batches of {4} an epoch</source>
        <translation>Lerne aus {0} Bildern von {1} Klassen in „{2}“: {3} Batches zu {4} pro Epoche</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>Bildschirmfoto speichern</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG-Bilder (*.png)</translation>
    </message>
    <message>
        <source>Cannot write {0}</source>
        <translation>{0} kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Restore your work?</source>
        <translation>Deine Arbeit wiederherstellen?</translation>
    </message>
    <message>
        <source>ConvStudio did not close properly last time. Restore the session it saved automatically{0}?</source>
        <translation>ConvStudio wurde beim letzten Mal nicht ordnungsgemäß beendet. Die automatisch gespeicherte Sitzung wiederherstellen{0}?</translation>
    </message>
    <message>
        <source>Restored the session saved before ConvStudio stopped.</source>
        <translation>Die vor dem Absturz von ConvStudio gespeicherte Sitzung wurde wiederhergestellt.</translation>
    </message>
    <message>
        <source>your own network</source>
        <translation>dein eigenes Netzwerk</translation>
    </message>
    <message>
        <source>HH:mm &apos;on&apos; d MMMM</source>
        <translation>&apos;um&apos; HH:mm &apos;Uhr am&apos; d. MMMM</translation>
    </message>
    <message>
        <source> ({0}, iteration {1}, saved at {2})</source>
        <translation> ({0}, Iteration {1}, gespeichert {2})</translation>
    </message>
</context>
<context>
    <name>FilterGallery</name>
    <message>
        <source>{0} filter {1}</source>
        <extracomment>The textbook&apos;s layer numbers (W¹, W²). Each filter&apos;s side in pixels, and how many filters a row holds.</extracomment>
        <translation>{0} Filter {1}</translation>
    </message>
    <message>
        <source>The {0} filters {2} of layer {1}, from −{3:.2g} to {3:.2g}:</source>
        <translation>Die {0} Filter {2} von Schicht {1}, von −{3:.2g} bis {3:.2g}:</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>{0}, {1} of {2}</source>
        <translation>{0}, {1} von {2}</translation>
    </message>
</context>
<context>
    <name>GradientFlowView</name>
    <message>
        <source>Gradient norms per layer</source>
        <extracomment>Iterations computed on the GUI thread at once (each takes under a millisecond for the lessons&apos; networks), if they fit in BUDGET_S; more go to a session job. Seconds of computing the GUI thread may spend on norms in one redraw. Okabe-Ito colours, one per layer in turn.</extracomment>
        <translation>Gradientennormen pro Schicht</translation>
    </message>
    <message>
        <source>The gradient norms appear here once an iteration has run.</source>
        <translation>Die Gradientennormen erscheinen hier, sobald eine Iteration gelaufen ist.</translation>
    </message>
    <message>
        <source>layer {0} ({1})</source>
        <translation>Schicht {0} ({1})</translation>
    </message>
    <message>
        <source>{0} {1}: dL/da</source>
        <translation>{0} {1}: dL/da</translation>
    </message>
    <message>
        <source>{0} {1}: dL/dW</source>
        <translation>{0} {1}: dL/dW</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>Gradientennorm</translation>
    </message>
    <message>
        <source>No iteration has run yet.</source>
        <translation>Es ist noch keine Iteration gelaufen.</translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>Iteration {0}: ‖dL/da‖ of {1}.</source>
        <translation>Iteration {0}: ‖dL/da‖ von {1}.</translation>
    </message>
    <message>
        <source>‖dL/dW‖ of {0}.</source>
        <translation>‖dL/dW‖ von {0}.</translation>
    </message>
</context>
<context>
    <name>GraphView</name>
    <message>
        <source>Scalar computation graph</source>
        <extracomment>The smallest zoom at which a node&apos;s texts stay readable: the graph opens at it when fitting it whole would be smaller, and the view then keeps the step&apos;s node in sight.</extracomment>
        <translation>Skalarer Rechengraph</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>Zoom to show the whole graph</source>
        <translation>Zoomen, um den ganzen Graphen zu zeigen</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Vergrößern</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Verkleinern</translation>
    </message>
    <message>
        <source>Each box: a scalar = its value, and the loss&apos;s gradient with respect to it. Vermillion: what the step computes; green: what it reads. Wheel or Ctrl+= / Ctrl+− zooms, dragging pans.</source>
        <translation>Jeder Kasten: ein Skalar = sein Wert und der Gradient des Verlusts nach ihm. Zinnoberrot: was der Schritt berechnet; grün: was er liest. Mausrad oder Strg+= / Strg+− zoomt, Ziehen verschiebt.</translation>
    </message>
    <message>
        <source>No graph to draw: {0}.</source>
        <translation>Kein Graph zu zeichnen: {0}.</translation>
    </message>
    <message>
        <source>grad {0}</source>
        <translation>Grad. {0}</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>&amp;Lessons…</source>
        <translation>&amp;Lektionen…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts…</source>
        <translation>&amp;Tastenkürzel…</translation>
    </message>
    <message>
        <source>How to read the &amp;screen…</source>
        <translation>Wie man den &amp;Bildschirm liest…</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>Werkzeugleiste</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>Lektionen</translation>
    </message>
    <message>
        <source>Double-click a lesson to open it.</source>
        <translation>Doppelklicke eine Lektion, um sie zu öffnen.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Tastenkürzel</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menü</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Befehl</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Tasten</translation>
    </message>
    <message>
        <source>Green outline: the cells the current step reads.</source>
        <translation>Grüner Rahmen: die Zellen, die der aktuelle Schritt liest.</translation>
    </message>
    <message>
        <source>Vermillion outline: the cell the step writes.</source>
        <translation>Zinnoberroter Rahmen: die Zelle, die der Schritt schreibt.</translation>
    </message>
    <message>
        <source>Dashed vermillion: the value whose gradient a backward step computes.</source>
        <translation>Zinnoberrot gestrichelt: der Wert, dessen Gradienten ein Rückwärtsschritt berechnet.</translation>
    </message>
    <message>
        <source>Dashed sky blue: the other terms of a sum, while you step term by term.</source>
        <translation>Himmelblau gestrichelt: die anderen Terme einer Summe, während du Term für Term gehst.</translation>
    </message>
    <message>
        <source>Cell colours: blue for negative, orange for positive, pale for zero; the bar beside each matrix gives the scale.</source>
        <translation>Zellfarben: blau für negativ, orange für positiv, blass für null; der Balken neben jeder Matrix zeigt die Skala.</translation>
    </message>
    <message>
        <source>An empty cell has not been computed yet in this iteration.</source>
        <translation>Eine leere Zelle ist in dieser Iteration noch nicht berechnet.</translation>
    </message>
    <message>
        <source>dL/dW11 is the gradient ∂L/∂W11: how much the loss changes per unit change of W11. The panels and the equations both write it dL/dW11.</source>
        <translation>dL/dW11 ist der Gradient ∂L/∂W11: wie stark sich der Verlust pro Einheit Änderung von W11 ändert. Die Felder und die Gleichungen schreiben ihn beide dL/dW11.</translation>
    </message>
    <message>
        <source>Indices count from 1, as textbooks do: W11 is the filter&apos;s top-left weight.</source>
        <translation>Indizes zählen ab 1, wie in Lehrbüchern: W11 ist das Gewicht oben links im Filter.</translation>
    </message>
    <message>
        <source>During the update a weight&apos;s title shows its old and new value (W11: 0.5 → 0.575).</source>
        <translation>Während des Updates zeigt der Titel eines Gewichts seinen alten und neuen Wert (W11: 0.5 → 0.575).</translation>
    </message>
    <message>
        <source>The toolbar says where you are: the iteration, its phase (forward, backward, update) and the step within it.</source>
        <translation>Die Werkzeugleiste sagt, wo du bist: die Iteration, ihre Phase (vorwärts, rückwärts, Update) und der Schritt darin.</translation>
    </message>
    <message>
        <source>How to read the screen</source>
        <translation>Wie man den Bildschirm liest</translation>
    </message>
</context>
<context>
    <name>HighlightKey</name>
    <message>
        <source>Green: the cells the step reads. Vermillion: the cell it writes. Dashed vermillion: the value whose gradient a backward step computes. Dashed blue: the other terms of a sum being added term by term.</source>
        <translation>Grün: die Zellen, die der Schritt liest. Zinnoberrot: die Zelle, die er schreibt. Zinnoberrot gestrichelt: der Wert, dessen Gradienten ein Rückwärtsschritt berechnet. Blau gestrichelt: die anderen Terme einer Summe, die Term für Term addiert wird.</translation>
    </message>
</context>
<context>
    <name>ImageFolderDialog</name>
    <message>
        <source>Open image folder</source>
        <extracomment>Thumbnails shown per class, and their side in pixels (the input is tiny: drawn as blocks). Skipped files listed at most; the rest are counted.</extracomment>
        <translation>Bilderordner öffnen</translation>
    </message>
    <message>
        <source>{images} images in {classes} classes from the folder {folder}</source>
        <translation>{images} Bilder in {classes} Klassen aus dem Ordner {folder}</translation>
    </message>
    <message>
        <source>Converted for the network: {how}</source>
        <translation>Für das Netzwerk umgewandelt: {how}</translation>
    </message>
    <message>
        <source>Each class, and its first images as the network sees them:</source>
        <translation>Jede Klasse und ihre ersten Bilder, wie das Netzwerk sie sieht:</translation>
    </message>
    <message>
        <source>Files skipped</source>
        <translation>Übersprungene Dateien</translation>
    </message>
    <message>
        <source>{folder}: {reason}</source>
        <translation>{folder}: {reason}</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… und {n} weitere</translation>
    </message>
    <message>
        <source>Nothing was skipped.</source>
        <translation>Nichts wurde übersprungen.</translation>
    </message>
    <message>
        <source>1 file or folder was skipped:</source>
        <translation>1 Datei oder Ordner wurde übersprungen:</translation>
    </message>
    <message>
        <source>{n} files or folders were skipped:</source>
        <translation>{n} Dateien oder Ordner wurden übersprungen:</translation>
    </message>
    <message>
        <source>{name} (label {label})</source>
        <translation>{name} (Klasse {label})</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 Bild</translation>
    </message>
    <message>
        <source>{n} images</source>
        <translation>{n} Bilder</translation>
    </message>
</context>
<context>
    <name>ImageLoading</name>
    <message>
        <source>kept at {w}×{h} pixels</source>
        <translation>bei {w}×{h} Pixeln belassen</translation>
    </message>
    <message>
        <source>averaged down</source>
        <translation>herunterskaliert (gemittelt)</translation>
    </message>
    <message>
        <source>interpolated up</source>
        <translation>hochskaliert (interpoliert)</translation>
    </message>
    <message>
        <source>resampled</source>
        <translation>neu abgetastet</translation>
    </message>
    <message>
        <source>{how} from {w}×{h} to {W}×{H} pixels</source>
        <translation>{how} von {w}×{h} auf {W}×{H} Pixel</translation>
    </message>
    <message>
        <source>stretched to the input&apos;s shape</source>
        <translation>auf die Form der Eingabe gestreckt</translation>
    </message>
    <message>
        <source>made grey by luminance</source>
        <translation>nach Helligkeit grau gemacht</translation>
    </message>
    <message>
        <source>red, green and blue as 3 channels</source>
        <translation>Rot, Grün und Blau als 3 Kanäle</translation>
    </message>
    <message>
        <source>Loading: {what}.</source>
        <translation>Lade: {what}.</translation>
    </message>
</context>
<context>
    <name>Instruments</name>
    <message>
        <source>Nudge experiment</source>
        <translation>Auslenkungsexperiment</translation>
    </message>
    <message>
        <source>Nudge a weight, rerun the data, and compare the slope with backprop</source>
        <translation>Ein Gewicht auslenken, die Daten neu durchlaufen und die Steigung mit der Backpropagation vergleichen</translation>
    </message>
    <message>
        <source>Gradient as correlation</source>
        <translation>Gradient als Korrelation</translation>
    </message>
    <message>
        <source>Watch dL/do slide over the input like a filter: each position gives one dL/dW</source>
        <translation>Sieh zu, wie dL/do wie ein Filter über die Eingabe gleitet: jede Position ergibt ein dL/dW</translation>
    </message>
    <message>
        <source>Convolution as a dense layer</source>
        <translation>Faltung als Dense-Schicht</translation>
    </message>
    <message>
        <source>The convolution as one weight matrix with tied weights</source>
        <translation>Die Faltung als eine Gewichtsmatrix mit gekoppelten Gewichten</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>Verlustlandschaft</translation>
    </message>
    <message>
        <source>The loss over two weights, and the path SGD takes</source>
        <translation>Der Verlust über zwei Gewichten und der Pfad, den SGD nimmt</translation>
    </message>
    <message>
        <source>Drawing pad</source>
        <translation>Zeichenblock</translation>
    </message>
    <message>
        <source>Draw an image, see the network&apos;s answer change as you draw, and step through it</source>
        <translation>Zeichne ein Bild, sieh zu, wie sich die Antwort des Netzwerks beim Zeichnen ändert, und gehe sie Schritt für Schritt durch</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>Rezeptives Feld</translation>
    </message>
    <message>
        <source>Which input cells a unit sees: a one-hot gradient on it, backpropagated to the input</source>
        <translation>Welche Eingabezellen eine Einheit sieht: ein One-hot-Gradient auf ihr, zurück zur Eingabe propagiert</translation>
    </message>
    <message>
        <source>Scalar computation graph</source>
        <translation>Skalarer Rechengraph</translation>
    </message>
    <message>
        <source>Every input, weight, product, sum and loss as a node, lit as you step</source>
        <translation>Jede Eingabe, jedes Gewicht, Produkt, jede Summe und der Verlust als Knoten, beim Durchschreiten hervorgehoben</translation>
    </message>
    <message>
        <source>Transposed convolution</source>
        <translation>Transponierte Faltung</translation>
    </message>
    <message>
        <source>The input gradient dL/dI as a transposed convolution of dL/do by the same weights</source>
        <translation>Der Eingabegradient dL/dI als transponierte Faltung von dL/do mit denselben Gewichten</translation>
    </message>
    <message>
        <source>Gradient flow</source>
        <translation>Gradientenfluss</translation>
    </message>
    <message>
        <source>How large each layer&apos;s gradient is over the iterations: whether learning reaches every layer</source>
        <translation>Wie groß der Gradient jeder Schicht über die Iterationen ist: ob das Lernen jede Schicht erreicht</translation>
    </message>
    <message>
        <source>Classifier: accuracy and mistakes</source>
        <translation>Klassifikator: Genauigkeit und Fehler</translation>
    </message>
    <message>
        <source>Train and test accuracy, the confusion matrix, the misclassified test images, the learned filters</source>
        <extracomment>Long enough to need its own line within the line length.</extracomment>
        <translation>Trainings- und Testgenauigkeit, die Konfusionsmatrix, die falsch klassifizierten Testbilder, die gelernten Filter</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>Weight along the horizontal axis</source>
        <extracomment>Floats one slice of rows may compute, and the time a slice may take before the events run.</extracomment>
        <translation>Gewicht entlang der waagerechten Achse</translation>
    </message>
    <message>
        <source>Weight along the vertical axis</source>
        <translation>Gewicht entlang der senkrechten Achse</translation>
    </message>
    <message>
        <source>Log colour</source>
        <translation>Logarithmische Farben</translation>
    </message>
    <message>
        <source>Colours and contours by log10 L: shows the bottom of a deep valley and its rim</source>
        <translation>Farben und Höhenlinien nach log10 L: zeigt den Boden eines tiefen Tals und seinen Rand</translation>
    </message>
    <message>
        <source>Fit to path</source>
        <translation>Auf Pfad einpassen</translation>
    </message>
    <message>
        <source>Fit the view to the path again and follow it while training runs</source>
        <translation>Die Ansicht wieder auf den Pfad einpassen und ihm während des Trainings folgen</translation>
    </message>
    <message>
        <source>Across</source>
        <translation>Quer</translation>
    </message>
    <message>
        <source>up</source>
        <translation>hoch</translation>
    </message>
    <message>
        <source>The weight along this axis: pick one, or type any parameter cell ({0})</source>
        <translation>Das Gewicht entlang dieser Achse: wähle eines oder tippe eine beliebige Parameterzelle ({0})</translation>
    </message>
    <message>
        <source>Training diverged: the loss became too large to compute.</source>
        <translation>Das Training ist divergiert: der Verlust wurde zu groß, um ihn zu berechnen.</translation>
    </message>
    <message>
        <source>This network has a single parameter: a landscape needs two weights.</source>
        <translation>Dieses Netzwerk hat nur einen Parameter: eine Landschaft braucht zwei Gewichte.</translation>
    </message>
    <message>
        <source>L over {0} (across) and {1} (up), the other weights fixed at iteration {2}. Here L = {3}. The path: {0} and {1} at the start of every iteration.</source>
        <translation>L über {0} (quer) und {1} (hoch), die anderen Gewichte fest auf Iteration {2}. Hier ist L = {3}. Der Pfad: {0} und {1} zu Beginn jeder Iteration.</translation>
    </message>
    <message>
        <source> View fixed: &lt;i&gt;Fit to path&lt;/i&gt; follows the path again.</source>
        <translation> Ansicht fixiert: &lt;i&gt;Auf Pfad einpassen&lt;/i&gt; folgt dem Pfad wieder.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <extracomment>The window the last switch built: nothing else holds it (the app holds the one it made).</extracomment>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>System language ({0})</source>
        <translation>Systemsprache ({0})</translation>
    </message>
</context>
<context>
    <name>LayerFields</name>
    <message>
        <source>This layer has no fields.</source>
        <translation>Diese Schicht hat keine Felder.</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>{0} = {1}: click to see its places in M</source>
        <translation>{0} = {1}: klicken, um seine Stellen in M zu sehen</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Step through one training iteration: the forward pass, backprop, then the update.</source>
        <translation>Gehe eine Trainingsiteration durch: den Vorwärtsdurchlauf, die Backpropagation, dann das Update.</translation>
    </message>
    <message>
        <source>Each output element is a sum of products of the window&apos;s cells and the filter&apos;s weights.</source>
        <translation>Jedes Ausgabeelement ist eine Summe von Produkten aus den Zellen des Fensters und den Gewichten des Filters.</translation>
    </message>
    <message>
        <source>Each gradient element adds up how every place a value was used changed the loss.</source>
        <translation>Jedes Gradientenelement summiert, wie jede Stelle, an der ein Wert benutzt wurde, den Verlust verändert hat.</translation>
    </message>
    <message>
        <source>Each weight takes a step against its gradient: W ← W − η·dL/dW.</source>
        <translation>Jedes Gewicht macht einen Schritt gegen seinen Gradienten: W ← W − η·dL/dW.</translation>
    </message>
    <message>
        <source>Start</source>
        <extracomment>Each phase&apos;s heading above its text.</extracomment>
        <translation>Start</translation>
    </message>
    <message>
        <source>Forward pass</source>
        <translation>Vorwärtsdurchlauf</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>Backpropagation</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>on</source>
        <extracomment>The text&apos;s size, in multiples of the window&apos;s font: as large as fits, within these.</extracomment>
        <translation>an</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>as the window</source>
        <translation>wie das Fenster</translation>
    </message>
    <message>
        <source>You changed the lesson&apos;s learning rate ({0}).</source>
        <translation>Du hast die Lernrate der Lektion geändert ({0}).</translation>
    </message>
    <message>
        <source>You changed the lesson&apos;s network ({0}).</source>
        <translation>Du hast das Netzwerk der Lektion geändert ({0}).</translation>
    </message>
    <message>
        <source>The text below was written for the lesson&apos;s: the numbers on screen may differ from those it gives.</source>
        <translation>Der Text unten wurde für das der Lektion geschrieben: die Zahlen auf dem Bildschirm können von seinen abweichen.</translation>
    </message>
    <message>
        <source>Lesson text</source>
        <translation>Lektionstext</translation>
    </message>
    <message>
        <source>You changed the lesson&apos;s network. The text below was written for the lesson&apos;s: the numbers on screen may differ from those it gives.</source>
        <translation>Du hast das Netzwerk der Lektion geändert. Der Text unten wurde für das Netzwerk der Lektion geschrieben: die Zahlen auf dem Bildschirm können von den dort genannten abweichen.</translation>
    </message>
</context>
<context>
    <name>LossPanel</name>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Loss curve</source>
        <translation>Verlustkurve</translation>
    </message>
    <message>
        <source>The loss appears here once the forward pass has computed it.</source>
        <translation>Der Verlust erscheint hier, sobald der Vorwärtsdurchlauf ihn berechnet hat.</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Logarithmische Skala</translation>
    </message>
    <message>
        <source>Losses often fall by decades: a log scale shows the whole descent</source>
        <translation>Verluste fallen oft um Zehnerpotenzen: eine logarithmische Skala zeigt den ganzen Abstieg</translation>
    </message>
    <message>
        <source>&lt;b&gt;Loss&lt;/b&gt;</source>
        <translation>&lt;b&gt;Verlust&lt;/b&gt;</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <source>loss L</source>
        <translation>Verlust L</translation>
    </message>
    <message>
        <source>L = 0 is drawn at {floor}, a decade below the smallest loss: a log scale has no zero.</source>
        <translation>L = 0 wird bei {floor} gezeichnet, eine Zehnerpotenz unter dem kleinsten Verlust: eine logarithmische Skala hat keine Null.</translation>
    </message>
    <message>
        <source>iteration {0}: L = {1}</source>
        <translation>Iteration {0}: L = {1}</translation>
    </message>
    <message>
        <source>iteration {0}: loss = {1}</source>
        <translation>Iteration {0}: Verlust = {1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Play</source>
        <translation>Abspielen</translation>
    </message>
    <message>
        <source>Predict</source>
        <extracomment>The widest a newly opened instrument dock starts, as a share of the window.</extracomment>
        <translation>Vorhersagen</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>&amp;Network strip</source>
        <translation>&amp;Netzwerkleiste</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>Training · iteration {0} of {1}</source>
        <translation>Training · Iteration {0} von {1}</translation>
    </message>
    <message>
        <source>step {0}/{1}</source>
        <translation>Schritt {0}/{1}</translation>
    </message>
    <message>
        <source>, term {0}</source>
        <translation>, Term {0}</translation>
    </message>
    <message>
        <source>Iteration {0} · backward · step {1}/{1}, term 88</source>
        <translation>Iteration {0} · rückwärts · Schritt {1}/{1}, Term 88</translation>
    </message>
    <message>
        <source>This is the start of the first iteration.</source>
        <translation>Dies ist der Anfang der ersten Iteration.</translation>
    </message>
    <message>
        <source>Training paused at the end of iteration {0}: step on from here, or run more iterations (Training &gt; Run iterations).</source>
        <translation>Training am Ende von Iteration {0} angehalten: gehe von hier aus weiter oder führe mehr Iterationen aus (Training &gt; Iterationen ausführen).</translation>
    </message>
    <message>
        <source>Restarted from the first weights: the history kept only iterations {0} to {1}. Edit &gt; Undo returns to the trained weights.</source>
        <translation>Neu begonnen mit den ersten Gewichten: der Verlauf behielt nur die Iterationen {0} bis {1}. Bearbeiten &gt; Rückgängig führt zu den trainierten Gewichten zurück.</translation>
    </message>
</context>
<context>
    <name>MapPlot</name>
    <message>
        <source>White line: the path, one dot per iteration, the square where it started.
Orange disc: the current weights; dashed white: the contour through them.
Dashed orange: this iteration&apos;s update so far, at right angles to that contour.
Orange arrows: where the path leaves the map.</source>
        <translation>Weiße Linie: der Pfad, ein Punkt pro Iteration, das Quadrat, wo er begann.
Oranger Punkt: die aktuellen Gewichte; weiß gestrichelt: die Höhenlinie durch sie.
Orange gestrichelt: das bisherige Update dieser Iteration, im rechten Winkel zu dieser Höhenlinie.
Orange Pfeile: wo der Pfad die Karte verlässt.</translation>
    </message>
</context>
<context>
    <name>MatrixEditing</name>
    <message>
        <source>row {0}, column {1}</source>
        <translation>Zeile {0}, Spalte {1}</translation>
    </message>
    <message>
        <source>position {0}</source>
        <translation>Position {0}</translation>
    </message>
    <message>
        <source>{0}: not computed yet</source>
        <translation>{0}: noch nicht berechnet</translation>
    </message>
    <message>
        <source>Type a number and press Enter (Escape cancels)</source>
        <translation>Tippe eine Zahl und drücke die Eingabetaste (Escape bricht ab)</translation>
    </message>
    <message>
        <source>Not a finite number: type a value like 0.5 or -2</source>
        <translation>Keine endliche Zahl: tippe einen Wert wie 0,5 oder -2</translation>
    </message>
</context>
<context>
    <name>MatrixView</name>
    <message>
        <source>row {0}, column {1}</source>
        <translation>Zeile {0}, Spalte {1}</translation>
    </message>
    <message>
        <source>not computed yet</source>
        <translation>noch nicht berechnet</translation>
    </message>
    <message>
        <source>written by this step</source>
        <translation>von diesem Schritt geschrieben</translation>
    </message>
    <message>
        <source>read by this step</source>
        <translation>von diesem Schritt gelesen</translation>
    </message>
    <message>
        <source>its gradient is computed by this step</source>
        <translation>sein Gradient wird von diesem Schritt berechnet</translation>
    </message>
    <message>
        <source>another term of this sum</source>
        <translation>ein anderer Term dieser Summe</translation>
    </message>
    <message>
        <source>{0} rows, {1} columns</source>
        <translation>{0} Zeilen, {1} Spalten</translation>
    </message>
</context>
<context>
    <name>NetworkEditor</name>
    <message>
        <source>Network</source>
        <extracomment>The colour of problems: dark enough on the light palette, light enough on the dark one (4.5:1).</extracomment>
        <translation>Netzwerk</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>Image height</source>
        <translation>Bildhöhe</translation>
    </message>
    <message>
        <source>Image width</source>
        <translation>Bildbreite</translation>
    </message>
    <message>
        <source>Images in the batch</source>
        <translation>Bilder im Batch</translation>
    </message>
    <message>
        <source>Channels × height × width</source>
        <translation>Kanäle × Höhe × Breite</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Schichten</translation>
    </message>
    <message>
        <source>Type of the layer to add</source>
        <translation>Typ der hinzuzufügenden Schicht</translation>
    </message>
    <message>
        <source>&amp;Add layer</source>
        <translation>Schicht &amp;hinzufügen</translation>
    </message>
    <message>
        <source>Add a layer of this type after the selected one</source>
        <translation>Eine Schicht dieses Typs nach der gewählten hinzufügen</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Entfernen</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>Nach &amp;oben</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>Nach &amp;unten</translation>
    </message>
    <message>
        <source>Move the selected layer up (Alt+Up in the list)</source>
        <translation>Die gewählte Schicht nach oben verschieben (Alt+Oben in der Liste)</translation>
    </message>
    <message>
        <source>Move the selected layer down (Alt+Down in the list)</source>
        <translation>Die gewählte Schicht nach unten verschieben (Alt+Unten in der Liste)</translation>
    </message>
    <message>
        <source>Remove the selected layer (Delete in the list)</source>
        <translation>Die gewählte Schicht entfernen (Entf in der Liste)</translation>
    </message>
    <message>
        <source>mean squared error (mse)</source>
        <translation>mittlerer quadratischer Fehler (mse)</translation>
    </message>
    <message>
        <source>softmax cross-entropy (cross_entropy)</source>
        <translation>Softmax-Kreuzentropie (cross_entropy)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Übernehmen</translation>
    </message>
    <message>
        <source>Layer {0} ({1})</source>
        <translation>Schicht {0} ({1})</translation>
    </message>
    <message>
        <source>No layer</source>
        <translation>Keine Schicht</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>Bias</translation>
    </message>
    <message>
        <source>no bias</source>
        <translation>kein Bias</translation>
    </message>
    <message>
        <source>→ cannot be built</source>
        <translation>→ nicht baubar</translation>
    </message>
    <message>
        <source>→ size unknown</source>
        <translation>→ Größe unbekannt</translation>
    </message>
    <message>
        <source>This network cannot be built:</source>
        <translation>Dieses Netzwerk kann nicht gebaut werden:</translation>
    </message>
    <message>
        <source>Output {0} per image; {1} parameters. Applying starts a fresh iteration.</source>
        <translation>Ausgabe {0} pro Bild; {1} Parameter. Übernehmen beginnt eine neue Iteration.</translation>
    </message>
</context>
<context>
    <name>NetworkFields</name>
    <message>
        <source>Filters</source>
        <extracomment>Above the window&apos;s limits, so that a value too large is explained rather than silently clamped.</extracomment>
        <translation>Filter</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Kern</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>Padding</translation>
    </message>
    <message>
        <source>Dilation</source>
        <translation>Dilatation</translation>
    </message>
    <message>
        <source>Output padding</source>
        <translation>Ausgabe-Padding</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>Bias</translation>
    </message>
    <message>
        <source>Window size</source>
        <translation>Fenstergröße</translation>
    </message>
    <message>
        <source>ε (eps)</source>
        <translation>ε (eps)</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Einheiten</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>Lernrate η</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Gewichtsabnahme</translation>
    </message>
    <message>
        <source>β₁, β₂ (betas)</source>
        <translation>β₁, β₂ (betas)</translation>
    </message>
    <message>
        <source>filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>Kern</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>Padding</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>Dilatation</translation>
    </message>
    <message>
        <source>output padding</source>
        <translation>Ausgabe-Padding</translation>
    </message>
    <message>
        <source>window size</source>
        <translation>Fenstergröße</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>Momentum</translation>
    </message>
    <message>
        <source>units</source>
        <translation>Einheiten</translation>
    </message>
</context>
<context>
    <name>NetworkPanel</name>
    <message>
        <source>Network: the layers, lit where the current step works</source>
        <translation>Netzwerk: die Schichten, hervorgehoben, wo der aktuelle Schritt arbeitet</translation>
    </message>
    <message>
        <source>input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>the input image</source>
        <translation>das Eingabebild</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>Kreuzentropie</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>the loss, {0}</source>
        <translation>der Verlust, {0}</translation>
    </message>
    <message>
        <source>layer {0}, {1}, output {2}</source>
        <translation>Schicht {0}, {1}, Ausgabe {2}</translation>
    </message>
    <message>
        <source>, the current step works here</source>
        <translation>, hier arbeitet der aktuelle Schritt</translation>
    </message>
</context>
<context>
    <name>NudgeNumbers</name>
    <message>
        <source>1 image</source>
        <translation>1 Bild</translation>
    </message>
    <message>
        <source>{0} images</source>
        <translation>{0} Bilder</translation>
    </message>
    <message>
        <source>1 weight</source>
        <translation>1 Gewicht</translation>
    </message>
    <message>
        <source>{0} weights</source>
        <translation>{0} Gewichte</translation>
    </message>
    <message>
        <source>2 forward passes</source>
        <translation>2 Vorwärtsdurchläufe</translation>
    </message>
    <message>
        <source>{0} forward passes</source>
        <translation>{0} Vorwärtsdurchläufe</translation>
    </message>
    <message>
        <source>Checking {0} took {1} over the data ({2}): {3}.</source>
        <translation>{0} zu prüfen kostete {1} über die Daten ({2}): {3}.</translation>
    </message>
    <message>
        <source>its gradient</source>
        <translation>seinen Gradienten</translation>
    </message>
    <message>
        <source>all {0}</source>
        <translation>alle {0}</translation>
    </message>
    <message>
        <source> Backprop got {0} from 1 forward + 1 backward pass: {1}.</source>
        <translation> Backpropagation lieferte {0} aus 1 Vorwärts- und 1 Rückwärtsdurchlauf: {1}.</translation>
    </message>
</context>
<context>
    <name>NudgePanel</name>
    <message>
        <source>Parameter to nudge</source>
        <translation>Auszulenkender Parameter</translation>
    </message>
    <message>
        <source>Nudge size</source>
        <translation>Auslenkung</translation>
    </message>
    <message>
        <source>Parameters to check</source>
        <translation>Zu prüfende Parameter</translation>
    </message>
    <message>
        <source>Nudged slopes beside backprop</source>
        <translation>Steigungen der Auslenkung neben der Backpropagation</translation>
    </message>
    <message>
        <source>W · filters</source>
        <translation>W · Filter</translation>
    </message>
    <message>
        <source>b · conv bias</source>
        <translation>b · Faltungs-Bias</translation>
    </message>
    <message>
        <source>V · dense weights</source>
        <translation>V · Dense-Gewichte</translation>
    </message>
    <message>
        <source>c · dense bias</source>
        <translation>c · Dense-Bias</translation>
    </message>
    <message>
        <source>The weights have changed since this check: press Check again.</source>
        <extracomment>How often the event loop collects the worker&apos;s results, in milliseconds. Changes closer together than this (training reports every few ms) start one experiment, not many.</extracomment>
        <translation>Die Gewichte haben sich seit dieser Prüfung geändert: drücke erneut auf Prüfen.</translation>
    </message>
    <message>
        <source>Every parameter ({0} weights)</source>
        <translation>Jeder Parameter ({0} Gewichte)</translation>
    </message>
    <message>
        <source>{0} only ({1})</source>
        <translation>nur {0} ({1})</translation>
    </message>
    <message>
        <source>Finite differences cost 2 forward passes per weight; backprop gets all {0} gradients from 1 forward and 1 backward pass.</source>
        <translation>Finite Differenzen kosten 2 Vorwärtsdurchläufe pro Gewicht; Backpropagation liefert alle {0} Gradienten aus 1 Vorwärts- und 1 Rückwärtsdurchlauf.</translation>
    </message>
    <message>
        <source>{0}. The nudge stays ε = {1}.</source>
        <translation>{0}. Die Auslenkung bleibt ε = {1}.</translation>
    </message>
    <message>
        <source>filter {0}</source>
        <translation>Filter {0}</translation>
    </message>
    <message>
        <source>channel {0}</source>
        <translation>Kanal {0}</translation>
    </message>
    <message>
        <source>{0} = {1}: click to nudge it</source>
        <translation>{0} = {1}: klicken, um es auszulenken</translation>
    </message>
</context>
<context>
    <name>OptimizerFields</name>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>Optimierer</translation>
    </message>
</context>
<context>
    <name>OriginalCard</name>
    <message>
        <source>&lt;b&gt;Original&lt;/b&gt; {0}</source>
        <translation>&lt;b&gt;Original&lt;/b&gt; {0}</translation>
    </message>
</context>
<context>
    <name>Pickers</name>
    <message>
        <source>image</source>
        <extracomment>The keys of the pickers, as the trace&apos;s index letters: image n, filter f, channel c.</extracomment>
        <translation>Bild</translation>
    </message>
    <message>
        <source>filter</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Follow the step</source>
        <translation>Dem Schritt folgen</translation>
    </message>
</context>
<context>
    <name>Plots</name>
    <message>
        <source>No points yet</source>
        <translation>Noch keine Punkte</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>keine Zahl</translation>
    </message>
    <message>
        <source>{0} points; the latest: {1}</source>
        <translation>{0} Punkte; der letzte: {1}</translation>
    </message>
</context>
<context>
    <name>PredictPanel</name>
    <message>
        <source>your prediction</source>
        <extracomment>A right answer in bluish green (Okabe-Ito), darker or lighter for a contrast of 4.5:1 or more; a miss in the vermillion of the notes. A tick or a cross says it too, not the colour alone.</extracomment>
        <translation>deine Vorhersage</translation>
    </message>
    <message>
        <source>Type a number or simple arithmetic ({0}), then Enter. Within 0.1% counts as right.</source>
        <translation>Tippe eine Zahl oder einfache Arithmetik ({0}), dann die Eingabetaste. Innerhalb von 0,1 % zählt als richtig.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Check your prediction (Enter)</source>
        <translation>Deine Vorhersage prüfen (Eingabe)</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>Zeig es mir</translation>
    </message>
    <message>
        <source>Reveal the step (counts as not right)</source>
        <translation>Den Schritt aufdecken (zählt als nicht richtig)</translation>
    </message>
    <message>
        <source>Reset score</source>
        <translation>Punktestand zurücksetzen</translation>
    </message>
    <message>
        <source>Start this lesson&apos;s score again</source>
        <translation>Den Punktestand dieser Lektion neu beginnen</translation>
    </message>
    <message>
        <source>Save results…</source>
        <translation>Ergebnisse speichern…</translation>
    </message>
    <message>
        <source>Every question, your answers, whether they were right and the time, as a CSV file</source>
        <translation>Jede Frage, deine Antworten, ob sie richtig waren, und die Zeit, als CSV-Datei</translation>
    </message>
    <message>
        <source>Type your prediction and press Enter, or press &lt;i&gt;Show me&lt;/i&gt;.</source>
        <translation>Tippe deine Vorhersage und drücke die Eingabetaste, oder drücke &lt;i&gt;Zeig es mir&lt;/i&gt;.</translation>
    </message>
    <message>
        <source>you said {0}</source>
        <translation>du sagtest {0}</translation>
    </message>
    <message>
        <source>✓ Right ({0}):&lt;br&gt;{1}</source>
        <translation>✓ Richtig ({0}):&lt;br&gt;{1}</translation>
    </message>
    <message>
        <source>✓ Right on the second try ({0}):&lt;br&gt;{1}</source>
        <translation>✓ Richtig beim zweiten Versuch ({0}):&lt;br&gt;{1}</translation>
    </message>
    <message>
        <source>✗ Not quite ({0}). Here are the numbers:&lt;br&gt;{1}</source>
        <translation>✗ Nicht ganz ({0}). Hier sind die Zahlen:&lt;br&gt;{1}</translation>
    </message>
    <message>
        <source>✗ Not quite ({0}). The step:&lt;br&gt;{1}</source>
        <translation>✗ Nicht ganz ({0}). Der Schritt:&lt;br&gt;{1}</translation>
    </message>
    <message>
        <source>The step:&lt;br&gt;{0}</source>
        <translation>Der Schritt:&lt;br&gt;{0}</translation>
    </message>
    <message>
        <source>The results could not be saved: {0}</source>
        <translation>Die Ergebnisse konnten nicht gespeichert werden: {0}</translation>
    </message>
    <message>
        <source>Saved {0} question(s) to {1}.</source>
        <translation>{0} Frage(n) in {1} gespeichert.</translation>
    </message>
    <message>
        <source>Save predict results</source>
        <translation>Vorhersage-Ergebnisse speichern</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV-Dateien (*.csv)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Press → for the next step.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Drücke → für den nächsten Schritt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Score for {0}: {1}</source>
        <translation>Punktestand für {0}: {1}</translation>
    </message>
    <message>
        <source>Press → to predict the next step.</source>
        <translation>Drücke →, um den nächsten Schritt vorherzusagen.</translation>
    </message>
    <message>
        <source>Predict mode is off (Ctrl+P).</source>
        <translation>Der Vorhersagemodus ist aus (Strg+P).</translation>
    </message>
</context>
<context>
    <name>PredictWords</name>
    <message>
        <source>Predict the running sum of &lt;b&gt;{0}&lt;/b&gt; after term {1} of {2}:</source>
        <translation>Sage die laufende Summe von &lt;b&gt;{0}&lt;/b&gt; nach Term {1} von {2} voraus:</translation>
    </message>
    <message>
        <source>Predict &lt;b&gt;{0}&lt;/b&gt;:</source>
        <translation>Sage &lt;b&gt;{0}&lt;/b&gt; voraus:</translation>
    </message>
</context>
<context>
    <name>Readout</name>
    <message>
        <source>The experiment could not run: {0}</source>
        <translation>Das Experiment konnte nicht laufen: {0}</translation>
    </message>
    <message>
        <source>{0} = {1}, nudged by ±{2}</source>
        <translation>{0} = {1}, ausgelenkt um ±{2}</translation>
    </message>
    <message>
        <source>Two forward passes over the data, then the slope beside backprop&apos;s value…</source>
        <translation>Zwei Vorwärtsdurchläufe über die Daten, dann die Steigung neben dem Wert der Backpropagation…</translation>
    </message>
    <message>
        <source>forward pass 1</source>
        <translation>Vorwärtsdurchlauf 1</translation>
    </message>
    <message>
        <source>forward pass 2</source>
        <translation>Vorwärtsdurchlauf 2</translation>
    </message>
    <message>
        <source>slope (L₊ − L₋) / 2ε</source>
        <translation>Steigung (L₊ − L₋) / 2ε</translation>
    </message>
    <message>
        <source>backprop {0}</source>
        <translation>Backpropagation {0}</translation>
    </message>
    <message>
        <source>They agree to &lt;b&gt;{0} significant digit&lt;/b&gt; ({1}).</source>
        <translation>Sie stimmen in &lt;b&gt;{0} signifikanten Stelle&lt;/b&gt; überein ({1}).</translation>
    </message>
    <message>
        <source>They agree to &lt;b&gt;{0} significant digits&lt;/b&gt; ({1}).</source>
        <translation>Sie stimmen in &lt;b&gt;{0} signifikanten Stellen&lt;/b&gt; überein ({1}).</translation>
    </message>
    <message>
        <source> Backprop got this gradient and the other {0} from 1 forward + 1 backward pass: {1}.</source>
        <translation> Backpropagation lieferte diesen Gradienten und die anderen {0} aus 1 Vorwärts- und 1 Rückwärtsdurchlauf: {1}.</translation>
    </message>
    <message>
        <source>; about {0} to go</source>
        <translation>; noch etwa {0}</translation>
    </message>
    <message>
        <source>Checked {0} of {1} weights: {2} forward passes, {3} so far{4}…</source>
        <translation>{0} von {1} Gewichten geprüft: {2} Vorwärtsdurchläufe, bisher {3}{4}…</translation>
    </message>
    <message>
        <source>Cancelled before the first weight.</source>
        <translation>Vor dem ersten Gewicht abgebrochen.</translation>
    </message>
    <message>
        <source>Cancelled after {0} of {1} weights. </source>
        <translation>Abgebrochen nach {0} von {1} Gewichten. </translation>
    </message>
    <message>
        <source>Worst: {0} agrees to {1} digit ({2}); {3} of {4} agree to 8 or more.</source>
        <translation>Am schlechtesten: {0} stimmt in {1} Stelle überein ({2}); {3} von {4} stimmen in 8 oder mehr überein.</translation>
    </message>
    <message>
        <source>Worst: {0} agrees to {1} digits ({2}); {3} of {4} agree to 8 or more.</source>
        <translation>Am schlechtesten: {0} stimmt in {1} Stellen überein ({2}); {3} von {4} stimmen in 8 oder mehr überein.</translation>
    </message>
    <message>
        <source>both below {0}: difference {1}, {2} of {0}</source>
        <translation>beide unter {0}: Differenz {1}, {2} von {0}</translation>
    </message>
    <message>
        <source>relative difference {0}</source>
        <translation>relative Differenz {0}</translation>
    </message>
</context>
<context>
    <name>ReceptiveFieldView</name>
    <message>
        <source>Layer of the unit</source>
        <extracomment>The unit&apos;s boxes: channel (or feature), row, column; 1-based on screen.</extracomment>
        <translation>Schicht der Einheit</translation>
    </message>
    <message>
        <source>Follow the step</source>
        <translation>Dem Schritt folgen</translation>
    </message>
    <message>
        <source>Show the field of the unit the current forward step computes</source>
        <translation>Das Feld der Einheit zeigen, die der aktuelle Vorwärtsschritt berechnet</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>The input, with the unit&apos;s receptive field</source>
        <translation>Die Eingabe mit dem rezeptiven Feld der Einheit</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Merkmal</translation>
    </message>
    <message>
        <source>|d unit / dI|, image {0}</source>
        <translation>|d Einheit / dI|, Bild {0}</translation>
    </message>
    <message>
        <source>{0} (layer {1}) is reached from {2} of the {3} input cells (outlined in green):</source>
        <translation>{0} (Schicht {1}) wird von {2} der {3} Eingabezellen erreicht (grün umrandet):</translation>
    </message>
    <message>
        <source>its receptive field; the colours are how much each cell moves it.</source>
        <translation>sein rezeptives Feld; die Farben zeigen, wie stark jede Zelle ihn bewegt.</translation>
    </message>
    <message>
        <source>The arithmetic&apos;s window holds {0} cells inside the input; the gradient does not reach the dashed ones (a zero weight, a dilation&apos;s gap, or a pooling maximum elsewhere).</source>
        <translation>Das Fenster der Rechnung hält {0} Zellen innerhalb der Eingabe; der Gradient erreicht die gestrichelten nicht (ein Nullgewicht, eine Lücke der Dilatation oder ein Pooling-Maximum anderswo).</translation>
    </message>
</context>
<context>
    <name>Running</name>
    <message>
        <source>Nudging {0} weights, one at a time…</source>
        <extracomment>Rows the check table takes from the worker per poll, so a fast check cannot hold the event loop.</extracomment>
        <translation>Lenke {0} Gewichte aus, eines nach dem anderen…</translation>
    </message>
</context>
<context>
    <name>Score</name>
    <message>
        <source>no predictions yet</source>
        <translation>noch keine Vorhersagen</translation>
    </message>
    <message>
        <source>{0} of {1} right first time ({2}%)</source>
        <translation>{0} von {1} beim ersten Mal richtig ({2} %)</translation>
    </message>
    <message>
        <source>your network</source>
        <translation>dein Netzwerk</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>dL/dI = dL/do ∗ flipped W (full)</source>
        <extracomment>The phrases the engine&apos;s section titles are made of (&quot;Forward · layer 2 (conv): convolution o²&quot;), longest first so that &quot;global average pooling&quot; is not read as &quot;average pooling&quot;.</extracomment>
        <translation>dL/dI = dL/do ∗ gespiegeltes W (voll)</translation>
    </message>
    <message>
        <source>global average pooling</source>
        <translation>globales Average-Pooling</translation>
    </message>
    <message>
        <source>transposed convolution</source>
        <translation>transponierte Faltung</translation>
    </message>
    <message>
        <source>through the pooling</source>
        <translation>durch das Pooling</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>mittlere quadratische Abweichung</translation>
    </message>
    <message>
        <source>normalised value</source>
        <translation>normalisierter Wert</translation>
    </message>
    <message>
        <source>average pooling</source>
        <translation>Average-Pooling</translation>
    </message>
    <message>
        <source>scale and shift</source>
        <translation>Skalieren und Verschieben</translation>
    </message>
    <message>
        <source>batch variance</source>
        <translation>Batch-Varianz</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>Kreuzentropie</translation>
    </message>
    <message>
        <source>dense layer</source>
        <translation>Dense-Schicht</translation>
    </message>
    <message>
        <source>max pooling</source>
        <translation>Max-Pooling</translation>
    </message>
    <message>
        <source>convolution</source>
        <translation>Faltung</translation>
    </message>
    <message>
        <source>through the</source>
        <translation>durch die</translation>
    </message>
    <message>
        <source>batch mean</source>
        <translation>Batch-Mittelwert</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>Rückwärts</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Vorwärts</translation>
    </message>
    <message>
        <source>flatten</source>
        <translation>Flatten</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Iteration {0} is too far back: ConvStudio keeps the weights of the last {1} iterations.</source>
        <extracomment>The change signals, in the order one action emits them (each at most once). Edits that can be undone: each holds two states, so an afternoon of edits stays within bounds.</extracomment>
        <translation>Iteration {0} liegt zu weit zurück: ConvStudio behält die Gewichte der letzten {1} Iterationen.</translation>
    </message>
</context>
<context>
    <name>Styling</name>
    <message>
        <source>The slope&apos;s error for each ε: &lt;span style=&apos;color:{0}&apos;&gt;● central (L₊ − L₋)/2ε&lt;/span&gt;, &lt;span style=&apos;color:{1}&apos;&gt;▼ one-sided (L₊ − L)/ε&lt;/span&gt;, &lt;span style=&apos;color:{2}&apos;&gt;● the ε above&lt;/span&gt;. </source>
        <translation>Der Fehler der Steigung für jedes ε: &lt;span style=&apos;color:{0}&apos;&gt;● zentral (L₊ − L₋)/2ε&lt;/span&gt;, &lt;span style=&apos;color:{1}&apos;&gt;▼ einseitig (L₊ − L)/ε&lt;/span&gt;, &lt;span style=&apos;color:{2}&apos;&gt;● das ε oben&lt;/span&gt;. </translation>
    </message>
    <message>
        <source>Here the loss is a parabola in this weight, and a parabola&apos;s chords are parallel to its tangent at the middle: the central slope is exact for every ε, and only rounding (growing as 1/ε) remains. The one-sided slope still errs as ε. To see a central chord&apos;s error fall as ε², pick the lesson “Telling horizontal from vertical bars” (its softmax curves the loss).</source>
        <translation>Hier ist der Verlust in diesem Gewicht eine Parabel, deren Sehnen parallel zur Tangente in der Mitte sind: die zentrale Steigung ist für jedes ε exakt, nur die Rundung (wächst wie 1/ε) bleibt. Die einseitige irrt weiter wie ε. Einen zentralen Fehler, der wie ε² fällt, zeigt die Lektion „Waagerechte von senkrechten Balken unterscheiden“ (ihr Softmax krümmt den Verlust).</translation>
    </message>
    <message>
        <source>Too large an ε measures a chord (the error falls as ε², one-sided as ε); too small a one loses the difference in rounding (it grows as 1/ε).</source>
        <translation>Ein zu großes ε misst eine Sehne (der Fehler fällt wie ε², einseitig wie ε); ein zu kleines verliert die Differenz in der Rundung (sie wächst wie 1/ε).</translation>
    </message>
</context>
<context>
    <name>SweepPlot</name>
    <message>
        <source>nudge ε</source>
        <translation>Auslenkung ε</translation>
    </message>
    <message>
        <source>|slope − backprop|</source>
        <translation>|Steigung − Backpropagation|</translation>
    </message>
</context>
<context>
    <name>TensorCards</name>
    <message>
        <source>Input I</source>
        <extracomment>Room for each card in its column: maps get the most, single numbers the least. Below this a card&apos;s column scrolls rather than squeezing the maps.</extracomment>
        <translation>Eingabe I</translation>
    </message>
    <message>
        <source>Filter W</source>
        <translation>Filter W</translation>
    </message>
    <message>
        <source>Bias b</source>
        <translation>Bias b</translation>
    </message>
    <message>
        <source>Output o = I ⋆ W</source>
        <translation>Ausgabe o = I ⋆ W</translation>
    </message>
    <message>
        <source>Activation a</source>
        <translation>Aktivierung a</translation>
    </message>
    <message>
        <source>Pooled p</source>
        <translation>Gepoolt p</translation>
    </message>
    <message>
        <source>Dense weights V</source>
        <translation>Dense-Gewichte V</translation>
    </message>
    <message>
        <source>Dense bias c</source>
        <translation>Dense-Bias c</translation>
    </message>
    <message>
        <source>Scores s</source>
        <translation>Scores s</translation>
    </message>
    <message>
        <source>Probabilities q</source>
        <translation>Wahrscheinlichkeiten q</translation>
    </message>
    <message>
        <source>Target t</source>
        <translation>Ziel t</translation>
    </message>
    <message>
        <source>Labels y</source>
        <translation>Klassen y</translation>
    </message>
    <message>
        <source>Loss L</source>
        <translation>Verlust L</translation>
    </message>
    <message>
        <source>reads</source>
        <translation>liest</translation>
    </message>
    <message>
        <source>writes</source>
        <translation>schreibt</translation>
    </message>
    <message>
        <source>gradient of</source>
        <translation>Gradient von</translation>
    </message>
    <message>
        <source>other terms</source>
        <translation>andere Terme</translation>
    </message>
</context>
<context>
    <name>TensorPanel</name>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Ausgaben</translation>
    </message>
    <message>
        <source>Layer {0} of {1}: {2}</source>
        <translation>Schicht {0} von {1}: {2}</translation>
    </message>
    <message>
        <source>Tensors of the step</source>
        <extracomment>The outputs column lays its cards out two abreast when it has more than this.</extracomment>
        <translation>Tensoren des Schritts</translation>
    </message>
    <message>
        <source>Show the image, filter and channel the current step works on</source>
        <translation>Bild, Filter und Kanal zeigen, an denen der aktuelle Schritt arbeitet</translation>
    </message>
    <message>
        <source>Which {what} the panels show (↑ and ↓ change it)</source>
        <translation>Was die Felder zeigen: {what} (↑ und ↓ ändern es)</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>nicht berechnet</translation>
    </message>
    <message>
        <source>Layer {0}&apos;s input gradient is layer {1}&apos;s output gradient: the only way the loss reaches layer {1}.</source>
        <translation>Der Eingabegradient von Schicht {0} ist der Ausgabegradient von Schicht {1}: der einzige Weg, auf dem der Verlust Schicht {1} erreicht.</translation>
    </message>
    <message>
        <source>Crossing into layer {0}</source>
        <translation>Übergang in Schicht {0}</translation>
    </message>
    <message>
        <source>layer {0}&apos;s input</source>
        <translation>Eingabe von Schicht {0}</translation>
    </message>
    <message>
        <source>layer {0}&apos;s output</source>
        <translation>Ausgabe von Schicht {0}</translation>
    </message>
    <message>
        <source>Padding: 0, outside the input</source>
        <translation>Padding: 0, außerhalb der Eingabe</translation>
    </message>
</context>
<context>
    <name>TensorSlices</name>
    <message>
        <source>{0} so far: {1} ({2} of {3} terms)</source>
        <translation>{0} bisher: {1} ({2} von {3} Termen)</translation>
    </message>
    <message>
        <source>{0}: term {1} of {2}</source>
        <translation>{0}: Term {1} von {2}</translation>
    </message>
    <message>
        <source>{0}: not computed yet</source>
        <translation>{0}: noch nicht berechnet</translation>
    </message>
</context>
<context>
    <name>ThemeMenu</name>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Design</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation>&amp;Hoher Kontrast</translation>
    </message>
</context>
<context>
    <name>TrainingRedraw</name>
    <message>
        <source>training: iteration {0}</source>
        <extracomment>The one-layer network&apos;s parameters, in the order the panel shows them.</extracomment>
        <translation>Training: Iteration {0}</translation>
    </message>
</context>
<context>
    <name>TrainingStatus</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>Training beendet</translation>
    </message>
    <message>
        <source>Training cancelled</source>
        <translation>Training abgebrochen</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>Training gestoppt</translation>
    </message>
    <message>
        <source> after iteration {0} (loss {1})</source>
        <translation> nach Iteration {0} (Verlust {1})</translation>
    </message>
</context>
<context>
    <name>TransposedView</name>
    <message>
        <source>Show the stamp of the dL/do cell the current backward step computes or reads</source>
        <translation>Den Stempel der dL/do-Zelle zeigen, die der aktuelle Rückwärtsschritt berechnet oder liest</translation>
    </message>
    <message>
        <source>Which {what} to show</source>
        <translation>Was gezeigt wird: {what}</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Spalte</translation>
    </message>
    <message>
        <source>dL/do cell&apos;s row</source>
        <translation>Zeile der dL/do-Zelle</translation>
    </message>
    <message>
        <source>dL/do cell&apos;s column</source>
        <translation>Spalte der dL/do-Zelle</translation>
    </message>
    <message>
        <source>dL/do, the transposed convolution&apos;s input</source>
        <translation>dL/do, die Eingabe der transponierten Faltung</translation>
    </message>
    <message>
        <source>The picked dL/do cell&apos;s stamp on the output grid</source>
        <translation>Der Stempel der gewählten dL/do-Zelle auf dem Ausgaberaster</translation>
    </message>
    <message>
        <source>The transposed convolution&apos;s output</source>
        <translation>Die Ausgabe der transponierten Faltung</translation>
    </message>
    <message>
        <source>The convolution&apos;s dL/dI</source>
        <translation>dL/dI der Faltung</translation>
    </message>
    <message>
        <source>Kernel taps landing on each output cell</source>
        <translation>Kernabgriffe pro Ausgabezelle</translation>
    </message>
    <message>
        <source>This network has no conv or conv_transpose layer: there is no convolution whose input gradient could be shown as a transposed convolution.</source>
        <translation>Dieses Netzwerk hat keine conv- oder conv_transpose-Schicht: es gibt keine Faltung, deren Eingabegradient sich als transponierte Faltung zeigen ließe.</translation>
    </message>
    <message>
        <source>Input {0}</source>
        <translation>Eingabe {0}</translation>
    </message>
    <message>
        <source>Output {0}</source>
        <translation>Ausgabe {0}</translation>
    </message>
    <message>
        <source>Conv&apos;s dL/dI</source>
        <translation>dL/dI der Faltung</translation>
    </message>
    <message>
        <source>{0}, the input</source>
        <translation>{0}, die Eingabe</translation>
    </message>
    <message>
        <source>{0}, the trace&apos;s</source>
        <translation>{0}, das der Spur</translation>
    </message>
    <message>
        <source>{0}, the backward&apos;s</source>
        <translation>{0}, das des Rückwärtsdurchlaufs</translation>
    </message>
    <message>
        <source>dL/do, the input</source>
        <translation>dL/do, die Eingabe</translation>
    </message>
    <message>
        <source>Stamp of {0}</source>
        <translation>Stempel von {0}</translation>
    </message>
    <message>
        <source>{0} × W, placed with its top left at row {1}, column {2}</source>
        <translation>{0} × W, mit der oberen linken Ecke in Zeile {1}, Spalte {2}</translation>
    </message>
    <message>
        <source>Sum of the stamps</source>
        <translation>Summe der Stempel</translation>
    </message>
    <message>
        <source>dL/dI, the trace&apos;s</source>
        <translation>dL/dI, das der Spur</translation>
    </message>
    <message>
        <source>dL/dI, the backward&apos;s</source>
        <translation>dL/dI, das des Rückwärtsdurchlaufs</translation>
    </message>
    <message>
        <source>Taps per cell</source>
        <translation>Abgriffe pro Zelle</translation>
    </message>
    <message>
        <source>dL/dI, the full convolution of dL/do with the flipped W, is the transposed convolution of dL/do by the same W: each dL/do cell stamps the kernel, times its value, at (i·{0} − {1}, j·{2} − {3}), and the stamps add up.</source>
        <translation>dL/dI, die volle Faltung von dL/do mit dem gespiegelten W, ist die transponierte Faltung von dL/do mit demselben W: jede dL/do-Zelle stempelt den Kern, mal ihren Wert, bei (i·{0} − {1}, j·{2} − {3}), und die Stempel addieren sich.</translation>
    </message>
    <message>
        <source>It equals the convolution&apos;s dL/dI cell for cell: the largest difference is {0:.3g}.</source>
        <translation>Es stimmt Zelle für Zelle mit dL/dI der Faltung überein: die größte Abweichung ist {0:.3g}.</translation>
    </message>
    <message>
        <source>This run diverged: its gradients are no longer finite numbers, so the two sides cannot be compared. Undo, or lower the learning rate and reset.</source>
        <translation>Dieser Lauf ist divergiert: seine Gradienten sind keine endlichen Zahlen mehr, also lassen sich die beiden Seiten nicht vergleichen. Mache es rückgängig oder senke die Lernrate und setze zurück.</translation>
    </message>
    <message>
        <source>From {0} to {1} taps land on a cell: where the kernel size is not a multiple of the stride, the stamps overlap unevenly (the checkerboard).</source>
        <translation>Zwischen {0} und {1} Abgriffe treffen eine Zelle: wo die Kerngröße kein Vielfaches der Schrittweite ist, überlappen sich die Stempel ungleichmäßig (das Schachbrettmuster).</translation>
    </message>
    <message>
        <source>Show the input gradient to step through dL/dI in the trace.</source>
        <translation>Zeige den Eingabegradienten, um dL/dI in der Spur durchzugehen.</translation>
    </message>
    <message>
        <source>Layer {0} (conv), as the backward pass sees it.</source>
        <translation>Schicht {0} (Faltung), wie der Rückwärtsdurchlauf sie sieht.</translation>
    </message>
    <message>
        <source>Layer {0} (conv_transpose) computes {1} from {2} as a convolution from {3} channel(s) to {4} with the same W sends its output gradient back to its input: each cell of {2} stamps the kernel, times its value, at (i·{5} − {6}, j·{7} − {8}), and the stamps add up.</source>
        <translation>Schicht {0} (conv_transpose) berechnet {1} aus {2} so, wie eine Faltung von {3} Kanal/Kanälen auf {4} mit demselben W ihren Ausgabegradienten an ihre Eingabe zurückgibt: jede Zelle von {2} stempelt den Kern, mal ihrem Wert, bei (i·{5} − {6}, j·{7} − {8}) auf, und die Stempel summieren sich.</translation>
    </message>
    <message>
        <source>The convolution&apos;s dL/dI, with {0} as its dL/do, equals the layer&apos;s output cell for cell: the largest difference is {1:.3g}.</source>
        <translation>dL/dI der Faltung, mit {0} als ihrem dL/do, stimmt Zelle für Zelle mit der Ausgabe der Schicht überein: die größte Abweichung ist {1:.3g}.</translation>
    </message>
    <message>
        <source>This run diverged: its values are no longer finite numbers, so the two sides cannot be compared. Undo, or lower the learning rate and reset.</source>
        <translation>Dieser Lauf ist divergiert: seine Werte sind keine endlichen Zahlen mehr, daher lassen sich die beiden Seiten nicht vergleichen. Mache rückgängig oder senke die Lernrate und setze zurück.</translation>
    </message>
    <message>
        <source>Dilation {0}×{1}: the {2}×{3} kernel spreads to {4}×{5} with zeros between its taps.</source>
        <translation>Dilatation {0}×{1}: der {2}×{3}-Kern spreizt sich auf {4}×{5} mit Nullen zwischen seinen Abgriffen.</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <source>columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Output size, {0}</source>
        <translation>Ausgabegröße, {0}</translation>
    </message>
    <message>
        <source>output_padding {0}×{1} gives back what the convolution&apos;s floor division dropped.</source>
        <translation>output_padding {0}×{1} gibt zurück, was die Ganzzahldivision der Faltung verworfen hat.</translation>
    </message>
</context>
<context>
    <name>Unrolled</name>
    <message>
        <source>its input is the image {0}</source>
        <translation>ihre Eingabe ist das Bild {0}</translation>
    </message>
    <message>
        <source>its input I{0} is {1}, the output of the layer below</source>
        <translation>ihre Eingabe I{0} ist {1}, die Ausgabe der Schicht darunter</translation>
    </message>
    <message>
        <source>Layer {0} (conv), filters {1}: {2}.</source>
        <translation>Schicht {0} (Faltung), Filter {1}: {2}.</translation>
    </message>
</context>
<context>
    <name>UnrolledView</name>
    <message>
        <source>Show the row, filter and weight the current step works on</source>
        <extracomment>The view&apos;s filter, channel and image, as the pickers&apos; letters.</extracomment>
        <translation>Zeile, Filter und Gewicht zeigen, an denen der aktuelle Schritt arbeitet</translation>
    </message>
    <message>
        <source>Which {what} the matrix is for</source>
        <translation>Für welches Element ({what}) die Matrix gilt</translation>
    </message>
    <message>
        <source>Padding columns</source>
        <translation>Padding-Spalten</translation>
    </message>
    <message>
        <source>One column per cell of the zero-padded image (taps on the padding multiply a zero), or only the image&apos;s own cells (those taps are left out)</source>
        <translation>Eine Spalte pro Zelle des mit Nullen aufgefüllten Bildes (Abgriffe auf dem Padding multiplizieren eine Null) oder nur die eigenen Zellen des Bildes (diese Abgriffe entfallen)</translation>
    </message>
    <message>
        <source>Colour the entries by</source>
        <translation>Einträge färben nach</translation>
    </message>
    <message>
        <source>Colour: weights W</source>
        <translation>Farbe: Gewichte W</translation>
    </message>
    <message>
        <source>Colour: dL/dM = dL/do · vec(I)ᵀ</source>
        <translation>Farbe: dL/dM = dL/do · vec(I)ᵀ</translation>
    </message>
    <message>
        <source>Colour the entries by the weight they hold, or by the gradient a free dense layer would get: the outer product of dL/do and vec(I)</source>
        <translation>Die Einträge nach ihrem Gewicht färben oder nach dem Gradienten, den eine freie Dense-Schicht bekäme: dem äußeren Produkt von dL/do und vec(I)</translation>
    </message>
    <message>
        <source>Smaller entries (Ctrl + wheel)</source>
        <translation>Kleinere Einträge (Strg + Mausrad)</translation>
    </message>
    <message>
        <source>Larger entries (Ctrl + wheel)</source>
        <translation>Größere Einträge (Strg + Mausrad)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Einpassen</translation>
    </message>
    <message>
        <source>The whole matrix in view</source>
        <translation>Die ganze Matrix im Blick</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>The backward pass&apos;s dL/dW has {0} here.</source>
        <translation>dL/dW des Rückwärtsdurchlaufs hat hier {0}.</translation>
    </message>
    <message>
        <source>This cell is padding, not part of the input: its gradient is cropped away.</source>
        <translation>Diese Zelle ist Padding, nicht Teil der Eingabe: ihr Gradient wird abgeschnitten.</translation>
    </message>
    <message>
        <source>The backward pass&apos;s dL/dI has {0} here.</source>
        <translation>dL/dI des Rückwärtsdurchlaufs hat hier {0}.</translation>
    </message>
    <message>
        <source>The forward pass&apos;s o has {0} here.</source>
        <translation>o des Vorwärtsdurchlaufs hat hier {0}.</translation>
    </message>
    <message>
        <source>&lt;b&gt;dL/dW = I ⋆ dL/do&lt;/b&gt;: dL/do slides over the input like a filter. At each position its values times the input cells they meet add up to one dL/dW&lt;sub&gt;mn&lt;/sub&gt;.</source>
        <translation>&lt;b&gt;dL/dW = I ⋆ dL/do&lt;/b&gt;: dL/do gleitet wie ein Filter über die Eingabe. An jeder Position ergeben seine Werte mal die getroffenen Eingabezellen zusammen ein dL/dW&lt;sub&gt;mn&lt;/sub&gt;.</translation>
    </message>
    <message>
        <source>puts zeros between the dL/do values</source>
        <translation>setzt Nullen zwischen die dL/do-Werte</translation>
    </message>
    <message>
        <source>moves it {0} cells a position</source>
        <translation>verschiebt es um {0} Zellen pro Position</translation>
    </message>
    <message>
        <source>values that meet the padding meet zeros</source>
        <translation>Werte, die das Padding treffen, treffen Nullen</translation>
    </message>
    <message>
        <source>the sum runs over the {0} images too</source>
        <translation>die Summe läuft auch über die {0} Bilder</translation>
    </message>
    <message>
        <source>&lt;b&gt;dL/dI = dL/do ∗ W&lt;/b&gt;, the full convolution: W, flipped, slides over dL/do in a border of zeros. Each position gives the gradient of one cell of the input.</source>
        <translation>&lt;b&gt;dL/dI = dL/do ∗ W&lt;/b&gt;, die volle Faltung: W, gespiegelt, gleitet über dL/do in einem Rand aus Nullen. Jede Position ergibt den Gradienten einer Zelle der Eingabe.</translation>
    </message>
    <message>
        <source>spreads the taps</source>
        <translation>spreizt die Abgriffe</translation>
    </message>
    <message>
        <source>positions outside the frame are the padding&apos;s gradients, cropped away</source>
        <translation>Positionen außerhalb des Rahmens sind die Gradienten des Paddings, abgeschnitten</translation>
    </message>
    <message>
        <source>the sum runs over the {0} filters too</source>
        <translation>die Summe läuft auch über die {0} Filter</translation>
    </message>
    <message>
        <source>&lt;b&gt;o = I ⋆ W&lt;/b&gt;: networks compute a cross-correlation (the filter as it is). The convolution of mathematics, I ∗ W = I ⋆ flip(W), turns the filter half a turn first.</source>
        <translation>&lt;b&gt;o = I ⋆ W&lt;/b&gt;: Netzwerke berechnen eine Kreuzkorrelation (den Filter, wie er ist). Die Faltung der Mathematik, I ∗ W = I ⋆ flip(W), dreht den Filter zuerst um eine halbe Umdrehung.</translation>
    </message>
    <message>
        <source>moves the filter {0} cells a position</source>
        <translation>verschiebt den Filter um {0} Zellen pro Position</translation>
    </message>
    <message>
        <source>spreads its taps</source>
        <translation>spreizt seine Abgriffe</translation>
    </message>
    <message>
        <source>taps on the padding meet zeros</source>
        <translation>Abgriffe auf dem Padding treffen Nullen</translation>
    </message>
    <message>
        <source>the sum runs over the {0} channels too</source>
        <translation>die Summe läuft auch über die {0} Kanäle</translation>
    </message>
    <message>
        <source>stride {0} {1}</source>
        <translation>Schrittweite {0} {1}</translation>
    </message>
    <message>
        <source>dilation {0} {1}</source>
        <translation>Dilatation {0} {1}</translation>
    </message>
    <message>
        <source>padding: 0</source>
        <translation>Padding: 0</translation>
    </message>
    <message>
        <source>border: 0 (the full convolution lets the filter hang over dL/do)</source>
        <translation>Rand: 0 (die volle Faltung lässt den Filter über dL/do hinausragen)</translation>
    </message>
    <message>
        <source>an inserted zero (stride)</source>
        <translation>eine eingefügte Null (Schrittweite)</translation>
    </message>
    <message>
        <source>no tap here: dilation spreads the taps</source>
        <translation>hier kein Abgriff: die Dilatation spreizt die Abgriffe</translation>
    </message>
    <message>
        <source>{0}: not reached yet</source>
        <translation>{0}: noch nicht erreicht</translation>
    </message>
    <message>
        <source>Point at the map to read the loss there; drag to move it, scroll to zoom.</source>
        <translation>Zeige auf die Karte, um dort den Verlust abzulesen; ziehen verschiebt sie, scrollen zoomt.</translation>
    </message>
    <message>
        <source>The loss overflows everywhere on this map: the weights are too large.</source>
        <translation>Der Verlust läuft überall auf dieser Karte über: die Gewichte sind zu groß.</translation>
    </message>
    <message>
        <source>The loss overflows on {0} of the map (inf: top colour, NaN: blank).</source>
        <translation>Der Verlust läuft auf {0} der Karte über (inf: oberste Farbe, NaN: leer).</translation>
    </message>
    <message>
        <source>The loss is the same everywhere on this map: these two weights do not change it here (a dead filter, or other weights so large that a change this small is lost in rounding).</source>
        <translation>Der Verlust ist überall auf dieser Karte gleich: diese zwei Gewichte ändern ihn hier nicht (ein toter Filter, oder andere Gewichte so groß, dass eine so kleine Änderung in der Rundung verloren geht).</translation>
    </message>
    <message>
        <source>: there the loss had grown more than {0}-fold</source>
        <translation>: dort war der Verlust um mehr als das {0}-Fache gewachsen</translation>
    </message>
    <message>
        <source>{0} point(s) of the path are off the map{1}. The arrows show where the path leaves it.</source>
        <translation>{0} Punkt(e) des Pfads liegen außerhalb der Karte{1}. Die Pfeile zeigen, wo der Pfad sie verlässt.</translation>
    </message>
    <message>
        <source>The current point, {0} = {1}, {2} = {3}, is off the map.</source>
        <translation>Der aktuelle Punkt, {0} = {1}, {2} = {3}, liegt außerhalb der Karte.</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>How an option of a setting is named (the engine&apos;s value: its words), e.g. in the network editor.</extracomment>
        <translation>keine</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>max</source>
        <translation>Max</translation>
    </message>
    <message>
        <source>average</source>
        <translation>Mittelwert</translation>
    </message>
    <message>
        <source>global average</source>
        <translation>globaler Mittelwert</translation>
    </message>
    <message>
        <source>flatten + dense</source>
        <translation>Flatten + Dense</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>mittlere quadratische Abweichung</translation>
    </message>
    <message>
        <source>softmax cross-entropy</source>
        <translation>Softmax-Kreuzentropie</translation>
    </message>
    <message>
        <source>height</source>
        <extracomment>How a setting of the network is named in a sentence (the Spec&apos;s field: its words).</extracomment>
        <translation>Höhe</translation>
    </message>
    <message>
        <source>width</source>
        <translation>Breite</translation>
    </message>
    <message>
        <source>channels</source>
        <translation>Kanäle</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>Batch</translation>
    </message>
    <message>
        <source>filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <source>filter size</source>
        <translation>Filtergröße</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>Schrittweite</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>Padding</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>Dilatation</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>Bias</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>Aktivierung</translation>
    </message>
    <message>
        <source>pooling</source>
        <translation>Pooling</translation>
    </message>
    <message>
        <source>pooling window</source>
        <translation>Pooling-Fenster</translation>
    </message>
    <message>
        <source>pooling stride</source>
        <translation>Pooling-Schrittweite</translation>
    </message>
    <message>
        <source>head</source>
        <translation>Kopf</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>Klassen</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>learning rate η</source>
        <translation>Lernrate η</translation>
    </message>
    <message>
        <source>momentum μ</source>
        <translation>Momentum μ</translation>
    </message>
    <message>
        <source>conv</source>
        <extracomment>How a layer type of the network contract is named on a box of the network strip, in a picker.</extracomment>
        <translation>Faltung</translation>
    </message>
    <message>
        <source>transposed conv</source>
        <translation>transponierte Faltung</translation>
    </message>
    <message>
        <source>max pool</source>
        <translation>Max-Pooling</translation>
    </message>
    <message>
        <source>avg pool</source>
        <translation>Avg-Pooling</translation>
    </message>
    <message>
        <source>global avg pool</source>
        <translation>globales Avg-Pooling</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>Batch-Normalisierung</translation>
    </message>
    <message>
        <source>flatten</source>
        <translation>Flatten</translation>
    </message>
    <message>
        <source>dense</source>
        <translation>Dense</translation>
    </message>
    <message>
        <source>start</source>
        <extracomment>How a phase of an iteration is named in the window (the section&apos;s phase: its words).</extracomment>
        <translation>Start</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>vorwärts</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>rückwärts</translation>
    </message>
    <message>
        <source>update</source>
        <translation>Update</translation>
    </message>
    <message>
        <source>term</source>
        <extracomment>How a unit of stepping is named in the Step by picker (the cursor&apos;s unit: its words).</extracomment>
        <translation>Term</translation>
    </message>
    <message>
        <source>element</source>
        <translation>Element</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>Iteration</translation>
    </message>
    <message>
        <source>one per cell of the {0}×{1} image in its zero padding ({2}×{3})</source>
        <translation>eine pro Zelle des {0}×{1}-Bildes in seinem Null-Padding ({2}×{3})</translation>
    </message>
    <message>
        <source>one per cell of the {0}×{1} image</source>
        <translation>eine pro Zelle des {0}×{1}-Bildes</translation>
    </message>
    <message>
        <source>filter {0}</source>
        <translation>Filter {0}</translation>
    </message>
    <message>
        <source>channel {0}</source>
        <translation>Kanal {0}</translation>
    </message>
    <message>
        <source>Filter{0}: click a weight</source>
        <translation>Filter{0}: klicke ein Gewicht an</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;o = M · vec(I)&lt;/b&gt;: M has {0} rows, one per output o&lt;sub&gt;ij&lt;/sub&gt;, and {1} columns, {2}. A dense layer would have {3} free weights here; the convolution has {4}, each tied to up to {0} places.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;o = M · vec(I)&lt;/b&gt;: M hat {0} Zeilen, eine pro Ausgabe o&lt;sub&gt;ij&lt;/sub&gt;, und {1} Spalten, {2}. Eine Dense-Schicht hätte hier {3} freie Gewichte; die Faltung hat {4}, jedes an bis zu {0} Stellen gekoppelt.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;With {0} channels, o = {1}: this is M&lt;sub&gt;{2}&lt;/sub&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mit {0} Kanälen gilt o = {1}: dies ist M&lt;sub&gt;{2}&lt;/sub&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;With a bias, o = M · vec(I) + b.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Mit einem Bias gilt o = M · vec(I) + b.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Backprop through a dense layer gives &lt;b&gt;dL/dM = dL/do · vec(I)ᵀ&lt;/b&gt;, a number for every entry. Tying keeps only the entries that hold a weight and adds them up per weight: dL/dW&lt;sub&gt;mn&lt;/sub&gt; = Σ dL/dM over the places W&lt;sub&gt;mn&lt;/sub&gt; sits.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Backpropagation durch eine Dense-Schicht ergibt &lt;b&gt;dL/dM = dL/do · vec(I)ᵀ&lt;/b&gt;, eine Zahl für jeden Eintrag. Die Kopplung behält nur die Einträge, die ein Gewicht halten, und summiert sie pro Gewicht: dL/dW&lt;sub&gt;mn&lt;/sub&gt; = Σ dL/dM über die Stellen, an denen W&lt;sub&gt;mn&lt;/sub&gt; steht.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The strips show image {0}; dL/dW adds the same sum over all {1} images.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Die Streifen zeigen Bild {0}; dL/dW addiert dieselbe Summe über alle {1} Bilder.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>past the largest number a float holds: the weights have blown up</source>
        <translation>jenseits der größten Zahl, die eine Gleitkommazahl fasst: die Gewichte sind explodiert</translation>
    </message>
    <message>
        <source>the same number</source>
        <translation>dieselbe Zahl</translation>
    </message>
    <message>
        <source>they differ by {0}: the same terms, added in another order</source>
        <translation>sie unterscheiden sich um {0}: dieselben Terme, in anderer Reihenfolge addiert</translation>
    </message>
    <message>
        <source> ({0} of them on the padding, where it meets a 0)</source>
        <translation> ({0} davon auf dem Padding, wo es eine 0 trifft)</translation>
    </message>
    <message>
        <source>; the sum runs over them in each of the {0} images</source>
        <translation>; die Summe läuft in jedem der {0} Bilder über sie</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; ({1} in M) sits in {2} places{3}{4}:&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; ({1} in M) steht an {2} Stellen{3}{4}:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{0} = Σ dL/dM over them = {1}&lt;br&gt;</source>
        <translation>&lt;p&gt;{0} = Σ dL/dM über sie = {1}&lt;br&gt;</translation>
    </message>
    <message>
        <source>&amp;nbsp;&amp;nbsp;= &lt;b&gt;{0}&lt;/b&gt;; backprop&apos;s {1} = &lt;b&gt;{2}&lt;/b&gt; ({3}).&lt;/p&gt;</source>
        <translation>&amp;nbsp;&amp;nbsp;= &lt;b&gt;{0}&lt;/b&gt;; {1} der Backpropagation = &lt;b&gt;{2}&lt;/b&gt; ({3}).&lt;/p&gt;</translation>
    </message>
    <message>
        <source> (this channel&apos;s part)</source>
        <translation> (der Anteil dieses Kanals)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Row {0} of {1}{2} = {3} = &lt;b&gt;{4}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Zeile {0} von {1}{2} = {3} = &lt;b&gt;{4}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
</context>
</TS>
