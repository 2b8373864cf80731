<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name></name>
    <message>
        <source>◀ Back</source>
        <extracomment>The redo keys: Ctrl+Shift+Z and Ctrl+Y, as every platform&apos;s Redo is one of them, then the platform&apos;s own.</extracomment>
        <translation>◀ Atrás</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>Paso atrás</translation>
    </message>
    <message>
        <source>Step ▶</source>
        <translation>Paso ▶</translation>
    </message>
    <message>
        <source>Step forward</source>
        <translation>Paso adelante</translation>
    </message>
    <message>
        <source>◀◀ Phase</source>
        <translation>◀◀ Fase</translation>
    </message>
    <message>
        <source>Back to the start of the phase</source>
        <translation>Volver al inicio de la fase</translation>
    </message>
    <message>
        <source>Phase ▶▶</source>
        <translation>Fase ▶▶</translation>
    </message>
    <message>
        <source>Run to the end of the phase</source>
        <translation>Avanzar hasta el final de la fase</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
    <message>
        <source>Play or pause</source>
        <translation>Reproducir o pausar</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Reiniciar</translation>
    </message>
    <message>
        <source>Back to the first iteration</source>
        <translation>Volver a la primera iteración</translation>
    </message>
    <message>
        <source>&amp;Predict before each step</source>
        <translation>&amp;Predecir antes de cada paso</translation>
    </message>
    <message>
        <source>Type what the next step will give before it shows</source>
        <translation>Escribe lo que dará el siguiente paso antes de que lo muestre</translation>
    </message>
    <message>
        <source>Predict</source>
        <translation>Predecir</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Deshacer</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Rehacer</translation>
    </message>
    <message>
        <source>Stepping</source>
        <translation>Pasos</translation>
    </message>
    <message>
        <source>More commands</source>
        <translation>Más órdenes</translation>
    </message>
    <message>
        <source> By </source>
        <translation> Por </translation>
    </message>
    <message>
        <source>Step by</source>
        <translation>Avanzar por</translation>
    </message>
    <message>
        <source>How far one step goes: a term of a sum, an element, a layer, a phase or a whole iteration</source>
        <translation>Cuánto avanza un paso: un término de una suma, un elemento, una capa, una fase o una iteración entera</translation>
    </message>
    <message>
        <source>Autoplay speed</source>
        <translation>Velocidad de reproducción</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>Lección</translation>
    </message>
    <message>
        <source>Lesson </source>
        <translation>Lección </translation>
    </message>
    <message>
        <source>(no lesson)</source>
        <translation>(sin lección)</translation>
    </message>
    <message>
        <source>Open a lesson</source>
        <translation>Abrir una lección</translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation>{0}/s</translation>
    </message>
    <message>
        <source>Autoplay speed: {0} steps a second</source>
        <translation>Velocidad de reproducción: {0} pasos por segundo</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <source>&amp;Network…</source>
        <translation>&amp;Red…</translation>
    </message>
    <message>
        <source>Change the network</source>
        <translation>Cambiar la red</translation>
    </message>
    <message>
        <source>Re-&amp;initialise weights…</source>
        <translation>Re&amp;inicializar los pesos…</translation>
    </message>
    <message>
        <source>Fresh random weights</source>
        <translation>Pesos aleatorios nuevos</translation>
    </message>
    <message>
        <source>&amp;Step</source>
        <translation>&amp;Paso</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <source>&amp;Instruments</source>
        <translation>&amp;Instrumentos</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>En&amp;trenamiento</translation>
    </message>
    <message>
        <source>&amp;Run iterations…</source>
        <translation>&amp;Ejecutar iteraciones…</translation>
    </message>
    <message>
        <source>Train many iterations</source>
        <translation>Entrenar muchas iteraciones</translation>
    </message>
    <message>
        <source>&amp;Cancel training</source>
        <translation>&amp;Cancelar entrenamiento</translation>
    </message>
    <message>
        <source>Stop training</source>
        <translation>Detener el entrenamiento</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About ConvStudio</source>
        <translation>&amp;Acerca de ConvStudio</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Acerca de</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <source>Open a session or an image</source>
        <translation>Abrir una sesión o una imagen</translation>
    </message>
    <message>
        <source>&amp;Save session…</source>
        <translation>&amp;Guardar sesión…</translation>
    </message>
    <message>
        <source>Save everything</source>
        <translation>Guardar todo</translation>
    </message>
    <message>
        <source>Load &amp;image…</source>
        <translation>Cargar &amp;imagen…</translation>
    </message>
    <message>
        <source>Use your own picture as input</source>
        <translation>Usar tu propia imagen como entrada</translation>
    </message>
    <message>
        <source>Learn from a folder of your own pictures, one subfolder per class</source>
        <translation>Aprender de una carpeta con tus propias imágenes, una subcarpeta por clase</translation>
    </message>
    <message>
        <source>Open image &amp;folder…</source>
        <translation>Abrir &amp;carpeta de imágenes…</translation>
    </message>
    <message>
        <source>Save &amp;screenshot…</source>
        <translation>Guardar &amp;captura de pantalla…</translation>
    </message>
    <message>
        <source>Save the window as PNG</source>
        <translation>Guardar la ventana como PNG</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>Quit ConvStudio</source>
        <translation>Salir de ConvStudio</translation>
    </message>
    <message>
        <source>Step by {0}</source>
        <translation>Avanzar por {0}</translation>
    </message>
    <message>
        <source>Show dL/d&amp;I</source>
        <translation>Mostrar dL/d&amp;I</translation>
    </message>
    <message>
        <source>Also compute and show the input&apos;s gradient</source>
        <translation>Calcular y mostrar también el gradiente de la entrada</translation>
    </message>
    <message>
        <source>&amp;Larger text</source>
        <translation>Texto más &amp;grande</translation>
    </message>
    <message>
        <source>Larger equations (projector)</source>
        <translation>Ecuaciones más grandes (proyector)</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>Texto más &amp;pequeño</translation>
    </message>
    <message>
        <source>Smaller equations</source>
        <translation>Ecuaciones más pequeñas</translation>
    </message>
    <message>
        <source>&amp;Projector mode</source>
        <translation>Modo &amp;proyector</translation>
    </message>
    <message>
        <source>Everything larger, for a classroom</source>
        <translation>Todo más grande, para el aula</translation>
    </message>
    <message>
        <source>&amp;Dark palette</source>
        <translation>Paleta &amp;oscura</translation>
    </message>
    <message>
        <source>Light text on a dark background</source>
        <translation>Texto claro sobre fondo oscuro</translation>
    </message>
    <message>
        <source>Re-initialise weights</source>
        <translation>Reinicializar los pesos</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>Semilla:</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Entrenar</translation>
    </message>
    <message>
        <source>Iterations to run:</source>
        <translation>Iteraciones a ejecutar:</translation>
    </message>
    <message>
        <source>About ConvStudio</source>
        <translation>Acerca de ConvStudio</translation>
    </message>
    <message>
        <source>&lt;b&gt;ConvStudio {0}&lt;/b&gt;&lt;p&gt;See how a convolutional network learns its filters, one multiply-add at a time.&lt;/p&gt;</source>
        <translation>&lt;b&gt;ConvStudio {0}&lt;/b&gt;&lt;p&gt;Mira cómo una red convolucional aprende sus filtros, una multiplicación y suma cada vez.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>This iteration diverged (its loss is not a number): there is nothing to derive.</source>
        <extracomment>PNG exports are drawn at this many pixels per screen pixel: sharp on slides and in print.</extracomment>
        <translation>Esta iteración divergió (su pérdida no es un número): no hay nada que derivar.</translation>
    </message>
    <message>
        <source>The derivation could not be written: {0}</source>
        <translation>No se pudo escribir la derivación: {0}</translation>
    </message>
    <message>
        <source>Exported {0}</source>
        <translation>Exportado {0}</translation>
    </message>
    <message>
        <source> and </source>
        <translation> y </translation>
    </message>
    <message>
        <source>This iteration diverged (its loss is not a number): there is nothing to check.</source>
        <translation>Esta iteración divergió (su pérdida no es un número): no hay nada que comprobar.</translation>
    </message>
    <message>
        <source>The PyTorch script could not be written: {0}</source>
        <translation>No se pudo escribir el script de PyTorch: {0}</translation>
    </message>
    <message>
        <source>The PyTorch script could not be made: {0}</source>
        <translation>No se pudo crear el script de PyTorch: {0}</translation>
    </message>
    <message>
        <source>ConvStudio session</source>
        <translation>Sesión de ConvStudio</translation>
    </message>
    <message>
        <source>ConvStudio panels</source>
        <translation>Paneles de ConvStudio</translation>
    </message>
    <message>
        <source>The panels</source>
        <translation>Los paneles</translation>
    </message>
    <message>
        <source>There is no loss curve yet: finish one iteration first.</source>
        <translation>Aún no hay curva de pérdida: termina primero una iteración.</translation>
    </message>
    <message>
        <source>The loss curve</source>
        <translation>La curva de pérdida</translation>
    </message>
    <message>
        <source>a name without a suffix</source>
        <translation>un nombre sin extensión</translation>
    </message>
    <message>
        <source>{0} can be saved as .png or .svg, not {1}</source>
        <translation>{0} se puede guardar como .png o .svg, no como {1}</translation>
    </message>
    <message>
        <source>{0} could not be saved: {1}</source>
        <translation>{0} no se pudo guardar: {1}</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>&amp;Exportar</translation>
    </message>
    <message>
        <source>&amp;Derivation (Markdown + script)…</source>
        <translation>&amp;Derivación (Markdown + script)…</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>The current iteration, every element with its numbers, and a NumPy script that checks it</source>
        <translation>La iteración actual, cada elemento con sus números, y un script de NumPy que la comprueba</translation>
    </message>
    <message>
        <source>P&amp;yTorch script…</source>
        <translation>Script de P&amp;yTorch…</translation>
    </message>
    <message>
        <source>Python scripts (*.py)</source>
        <translation>Scripts de Python (*.py)</translation>
    </message>
    <message>
        <source>The current iteration rebuilt in PyTorch: a script that runs it and checks every number</source>
        <translation>La iteración actual reconstruida en PyTorch: un script que la ejecuta y comprueba cada número</translation>
    </message>
    <message>
        <source>&amp;Panels as PNG…</source>
        <translation>&amp;Paneles como PNG…</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>The panels as a sharp image</source>
        <translation>Los paneles como imagen nítida</translation>
    </message>
    <message>
        <source>Panels as &amp;SVG…</source>
        <translation>Paneles como &amp;SVG…</translation>
    </message>
    <message>
        <source>SVG drawings (*.svg)</source>
        <translation>Dibujos SVG (*.svg)</translation>
    </message>
    <message>
        <source>The panels as a vector drawing: lines and text stay sharp at any size</source>
        <translation>Los paneles como dibujo vectorial: líneas y texto siguen nítidos a cualquier tamaño</translation>
    </message>
    <message>
        <source>&amp;Handout (PDF)…</source>
        <translation>&amp;Apuntes (PDF)…</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>Documentos PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The current iteration&apos;s derivation with the panels at each phase, ready to print</source>
        <translation>La derivación de la iteración actual con los paneles de cada fase, lista para imprimir</translation>
    </message>
    <message>
        <source>&amp;Loss curve as PNG…</source>
        <translation>Curva de &amp;pérdida como PNG…</translation>
    </message>
    <message>
        <source>The loss curve as an image</source>
        <translation>La curva de pérdida como imagen</translation>
    </message>
    <message>
        <source>Loss curve as S&amp;VG…</source>
        <translation>Curva de pérdida como S&amp;VG…</translation>
    </message>
    <message>
        <source>The loss curve as a vector drawing</source>
        <translation>La curva de pérdida como dibujo vectorial</translation>
    </message>
    <message>
        <source>Export: {0}</source>
        <translation>Exportar: {0}</translation>
    </message>
    <message>
        <source>The other elements of this section:</source>
        <extracomment>Steps of a section written out as equations; the rest are listed by value, up to LISTED.</extracomment>
        <translation>Los demás elementos de esta sección:</translation>
    </message>
    <message>
        <source>… and {0} more elements, which add up to {1}.</source>
        <translation>… y {0} elementos más, que suman {1}.</translation>
    </message>
    <message>
        <source>Training iteration {0}, element by element: every step with its numbers.</source>
        <translation>Iteración de entrenamiento {0}, elemento a elemento: cada paso con sus números.</translation>
    </message>
    <message>
        <source>Loss L = {0}</source>
        <translation>Pérdida L = {0}</translation>
    </message>
    <message>
        <source>Forward pass</source>
        <translation>Pasada hacia delante</translation>
    </message>
    <message>
        <source>Backward pass</source>
        <translation>Pasada hacia atrás</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Actualización</translation>
    </message>
    <message>
        <source>A handout is saved as .pdf, not {0}</source>
        <translation>Los apuntes se guardan como .pdf, no como {0}</translation>
    </message>
    <message>
        <source>nothing was written</source>
        <translation>no se escribió nada</translation>
    </message>
    <message>
        <source>The handout could not be written: {0}</source>
        <translation>No se pudieron escribir los apuntes: {0}</translation>
    </message>
    <message>
        <source>γ (scale)</source>
        <extracomment>What batch norm&apos;s parameters are, in the picker&apos;s words (other layers&apos; are &quot;weight&quot; and &quot;bias&quot;).</extracomment>
        <translation>γ (escala)</translation>
    </message>
    <message>
        <source>β (shift)</source>
        <translation>β (desplazamiento)</translation>
    </message>
    <message>
        <source>weight</source>
        <extracomment>Every other layer&apos;s parameters, in the picker&apos;s words.</extracomment>
        <translation>peso</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>sesgo</translation>
    </message>
    <message>
        <source>{0} · layer {1} ({2}) {3}</source>
        <translation>{0} · capa {1} ({2}) {3}</translation>
    </message>
    <message>
        <source>{0} (layer {1} {2} {3} [{4}])</source>
        <translation>{0} (capa {1} {2} {3} [{4}])</translation>
    </message>
    <message>
        <source>score</source>
        <extracomment>The columns of the CSV, in order.</extracomment>
        <translation>puntuación</translation>
    </message>
    <message>
        <source>Te&amp;xt size</source>
        <translation>Tamaño del te&amp;xto</translation>
    </message>
    <message>
        <source>{0} %</source>
        <translation>{0} %</translation>
    </message>
    <message>
        <source>step of {0}</source>
        <extracomment>What each state key is called on the screen, before the weight&apos;s name.</extracomment>
        <translation>paso de {0}</translation>
    </message>
    <message>
        <source>How far each weight moves: lr·m̂/(√v̂ + ε)</source>
        <translation>Cuánto se mueve cada peso: lr·m̂/(√v̂ + ε)</translation>
    </message>
    <message>
        <source>How far each weight moves: lr·buf</source>
        <translation>Cuánto se mueve cada peso: lr·buf</translation>
    </message>
    <message>
        <source>Adam&apos;s running mean of the gradient: m ← β₁·m + (1 − β₁)·g</source>
        <translation>Media móvil del gradiente en Adam: m ← β₁·m + (1 − β₁)·g</translation>
    </message>
    <message>
        <source>Adam&apos;s running mean of the squared gradient: v ← β₂·v + (1 − β₂)·g²</source>
        <translation>Media móvil del gradiente al cuadrado en Adam: v ← β₂·v + (1 − β₂)·g²</translation>
    </message>
    <message>
        <source>The momentum buffer: buf ← momentum·buf + g</source>
        <translation>El búfer de momento: buf ← momentum·buf + g</translation>
    </message>
    <message>
        <source>Your teacher has fixed this lesson</source>
        <translation>Tu profesor o profesora ha fijado esta lección</translation>
    </message>
</context>
<context>
    <name>AccuracyPlot</name>
    <message>
        <source>Train and test accuracy per iteration</source>
        <extracomment>Okabe-Ito blue for the training images, vermillion for the test images.</extracomment>
        <translation>Exactitud de entrenamiento y de prueba por iteración</translation>
    </message>
    <message>
        <source>train</source>
        <translation>entrenamiento</translation>
    </message>
    <message>
        <source>test</source>
        <translation>prueba</translation>
    </message>
    <message>
        <source>iterations trained</source>
        <translation>iteraciones entrenadas</translation>
    </message>
    <message>
        <source>accuracy (%)</source>
        <translation>exactitud (%)</translation>
    </message>
</context>
<context>
    <name>AnswerBars</name>
    <message>
        <source>class {0}: {1:.0%}</source>
        <translation>clase {0}: {1:.0%}</translation>
    </message>
    <message>
        <source>most likely class {0}; </source>
        <translation>clase más probable {0}; </translation>
    </message>
    <message>
        <source>class {0}</source>
        <translation>clase {0}</translation>
    </message>
</context>
<context>
    <name>BatchPosition</name>
    <message>
        <source>epoch {0} · batch {1} of {2}</source>
        <translation>época {0} · lote {1} de {2}</translation>
    </message>
    <message>
        <source>Iteration {0}</source>
        <translation>Iteración {0}</translation>
    </message>
</context>
<context>
    <name>Card</name>
    <message>
        <source>A label is a class number from {0} to {1}</source>
        <translation>Una etiqueta es un número de clase del {0} al {1}</translation>
    </message>
</context>
<context>
    <name>CheckModel</name>
    <message>
        <source>weight</source>
        <translation>peso</translation>
    </message>
    <message>
        <source>digits</source>
        <translation>cifras</translation>
    </message>
    <message>
        <source>backprop dL/dw</source>
        <translation>retropropagación dL/dw</translation>
    </message>
    <message>
        <source>slope (L₊ − L₋)/2ε</source>
        <translation>pendiente (L₊ − L₋)/2ε</translation>
    </message>
    <message>
        <source>difference</source>
        <translation>diferencia</translation>
    </message>
    <message>
        <source>{0} nudged by ±{1}: {2}
slope {3}, backprop {4}, relative difference {5}</source>
        <translation>{0} perturbado en ±{1}: {2}
pendiente {3}, retropropagación {4}, diferencia relativa {5}</translation>
    </message>
</context>
<context>
    <name>ClassifierView</name>
    <message>
        <source>Click a cell to see the test images it counts.</source>
        <extracomment>The gallery redraws at most this often (ms) while the weights change with every iteration.</extracomment>
        <translation>Haz clic en una celda para ver las imágenes de prueba que cuenta.</translation>
    </message>
    <message>
        <source>This instrument measures a classifier on test images its lesson holds out from training: open the Handwritten digits lesson.</source>
        <translation>Este instrumento mide un clasificador con imágenes de prueba que su lección aparta del entrenamiento: abre la lección «Dígitos manuscritos».</translation>
    </message>
    <message>
        <source>Measuring the first weights…</source>
        <translation>Midiendo los primeros pesos…</translation>
    </message>
    <message>
        <source>After {0} iterations ({1:.1f} epochs): train {2:.1f}%, test {3:.1f}% ({4} of {5} test images right)</source>
        <translation>Tras {0} iteraciones ({1:.1f} épocas): entrenamiento {2:.1f} %, prueba {3:.1f} % ({4} de {5} imágenes de prueba acertadas)</translation>
    </message>
    <message>
        <source>The {0} misclassified test images (true → predicted). Click one to make it image 1 of this mini-batch and step through it.</source>
        <translation>Las {0} imágenes de prueba mal clasificadas (real → predicha). Haz clic en una para convertirla en la imagen 1 de este minilote y recorrerla paso a paso.</translation>
    </message>
    <message>
        <source>Test image {0}: a {1}, predicted {2}</source>
        <translation>Imagen de prueba {0}: un {1}, predicho {2}</translation>
    </message>
    <message>
        <source>{0} test images of class {1} predicted as {2}:</source>
        <translation>{0} imágenes de prueba de la clase {1} predichas como {2}:</translation>
    </message>
    <message>
        <source>Step through test image {0}</source>
        <translation>Recorrer la imagen de prueba {0}</translation>
    </message>
</context>
<context>
    <name>ConfusionTable</name>
    <message>
        <source>Confusion matrix: true class by row, predicted class by column</source>
        <extracomment>The right answers&apos; shade (Okabe-Ito blue) and the mistakes&apos; (vermillion), at full share.</extracomment>
        <translation>Matriz de confusión: clase real por fila, clase predicha por columna</translation>
    </message>
    <message>
        <source>{0} test images of class {1} predicted as {2}</source>
        <translation>{0} imágenes de prueba de la clase {1} predichas como {2}</translation>
    </message>
</context>
<context>
    <name>Controls</name>
    <message>
        <source>Nudge one weight</source>
        <translation>Perturbar un peso</translation>
    </message>
    <message>
        <source>Which parameter tensor to nudge</source>
        <translation>Qué tensor de parámetros perturbar</translation>
    </message>
    <message>
        <source>Nudge the weight whose gradient or update the current step computes</source>
        <translation>Perturbar el peso cuyo gradiente o actualización calcula el paso actual</translation>
    </message>
    <message>
        <source>Which {what} of W the grid shows</source>
        <translation>Qué elemento ({what}) de W muestra la rejilla</translation>
    </message>
    <message>
        <source>How far to nudge the weight, in decades (or type a value): too large and the slope is a chord&apos;s, too small and rounding swamps the difference</source>
        <translation>Cuánto perturbar el peso, en décadas (o escribe un valor): demasiado grande y la pendiente es la de una cuerda, demasiado pequeño y el redondeo ahoga la diferencia</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Peso</translation>
    </message>
    <message>
        <source>Click a weight to nudge it</source>
        <translation>Haz clic en un peso para perturbarlo</translation>
    </message>
    <message>
        <source>Nudge ε</source>
        <translation>Perturbación ε</translation>
    </message>
    <message>
        <source>The two losses come from two forward passes over the whole batch; backprop&apos;s value from one forward and one backward pass, shared by every weight. Green: the digits they share.</source>
        <translation>Las dos pérdidas vienen de dos pasadas hacia delante sobre todo el lote; el valor de la retropropagación, de una pasada hacia delante y una hacia atrás, compartidas por todos los pesos. Verde: las cifras que comparten.</translation>
    </message>
    <message>
        <source>Which parameters to nudge, one at a time</source>
        <translation>Qué parámetros perturbar, uno a uno</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Comprobar</translation>
    </message>
    <message>
        <source>Nudge every weight in turn and compare each slope with backprop</source>
        <translation>Perturbar cada peso por turno y comparar cada pendiente con la retropropagación</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Stop after the weight being nudged</source>
        <translation>Parar tras el peso que se está perturbando</translation>
    </message>
    <message>
        <source>%v / %m weights</source>
        <translation>%v / %m pesos</translation>
    </message>
    <message>
        <source>Every ε</source>
        <translation>Cada ε</translation>
    </message>
    <message>
        <source>Every parameter</source>
        <translation>Todos los parámetros</translation>
    </message>
    <message>
        <source>The same weight nudged by ε from 1e-1 to 1e-12: how far off each slope is</source>
        <translation>El mismo peso perturbado con ε de 1e-1 a 1e-12: cuánto se desvía cada pendiente</translation>
    </message>
    <message>
        <source>Every weight nudged in turn: a table, its worst row, and what it cost</source>
        <translation>Cada peso perturbado por turno: una tabla, su peor fila y lo que costó</translation>
    </message>
</context>
<context>
    <name>ConvLayerPicker</name>
    <message>
        <source>Conv layer shown</source>
        <translation>Capa convolucional mostrada</translation>
    </message>
    <message>
        <source>Which conv layer of the network this instrument shows</source>
        <translation>Qué capa convolucional de la red muestra este instrumento</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>layer {0} (conv, {1})</source>
        <translation>capa {0} (conv, {1})</translation>
    </message>
</context>
<context>
    <name>ConvLayersOnly</name>
    <message>
        <source>This instrument shows a conv layer; this network has none (a transposed convolution is not one).</source>
        <translation>Este instrumento muestra una capa convolucional; esta red no tiene ninguna (una convolución transpuesta no lo es).</translation>
    </message>
</context>
<context>
    <name>Correlation</name>
    <message>
        <source>Layer {0}: its input is the image {1}.</source>
        <translation>Capa {0}: su entrada es la imagen {1}.</translation>
    </message>
    <message>
        <source>Layer {0}: its input I{1} is {2}, the layer below&apos;s output.</source>
        <translation>Capa {0}: su entrada I{1} es {2}, la salida de la capa inferior.</translation>
    </message>
</context>
<context>
    <name>CorrelationView</name>
    <message>
        <source>dL/dI = dL/do ∗ W (full)</source>
        <translation>dL/dI = dL/do ∗ W (completa)</translation>
    </message>
    <message>
        <source>Forward: o = I ⋆ W</source>
        <translation>Hacia delante: o = I ⋆ W</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{0}&apos;&gt;■&lt;/span&gt; cells the taps meet &amp;nbsp; &lt;span style=&apos;color:{1}&apos;&gt;■&lt;/span&gt; their sum &amp;nbsp; &lt;span style=&apos;color:{2}&apos;&gt;■&lt;/span&gt; the rest of the filter</source>
        <translation>&lt;span style=&apos;color:{0}&apos;&gt;■&lt;/span&gt; celdas bajo las tomas &amp;nbsp; &lt;span style=&apos;color:{1}&apos;&gt;■&lt;/span&gt; su suma &amp;nbsp; &lt;span style=&apos;color:{2}&apos;&gt;■&lt;/span&gt; el resto del filtro</translation>
    </message>
    <message>
        <source>What slides over what</source>
        <translation>Qué se desliza sobre qué</translation>
    </message>
    <message>
        <source>What slides over what: the weight gradient, the input gradient, or the forward pass</source>
        <translation>Qué se desliza sobre qué: el gradiente de los pesos, el gradiente de la entrada o la pasada hacia delante</translation>
    </message>
    <message>
        <source>Go to the element the current step computes</source>
        <translation>Ir al elemento que calcula el paso actual</translation>
    </message>
    <message>
        <source>True convolution beside it</source>
        <translation>Convolución verdadera al lado</translation>
    </message>
    <message>
        <source>Also show I ∗ W = I ⋆ flip(W): the same sliding, the filter turned half a turn</source>
        <translation>Mostrar también I ∗ W = I ⋆ flip(W): el mismo deslizamiento, con el filtro girado media vuelta</translation>
    </message>
    <message>
        <source>The previous position</source>
        <translation>La posición anterior</translation>
    </message>
    <message>
        <source>The next position</source>
        <translation>La posición siguiente</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
    <message>
        <source>Slide through every position</source>
        <translation>Deslizar por todas las posiciones</translation>
    </message>
    <message>
        <source>Sliding speed</source>
        <translation>Velocidad de deslizamiento</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>{0}/s</source>
        <translation>{0}/s</translation>
    </message>
    <message>
        <source>Playing speed: {0} positions a second</source>
        <translation>Velocidad de reproducción: {0} posiciones por segundo</translation>
    </message>
</context>
<context>
    <name>CrossingCard</name>
    <message>
        <source>The gradient crossing into the layer below</source>
        <translation>El gradiente que pasa a la capa inferior</translation>
    </message>
</context>
<context>
    <name>DenseMatrix</name>
    <message>
        <source>row {0}, column {1}</source>
        <translation>fila {0}, columna {1}</translation>
    </message>
    <message>
        <source>{0}: 0 (no weight meets this cell for this output)</source>
        <translation>{0}: 0 (ningún peso encuentra esta celda para esta salida)</translation>
    </message>
    <message>
        <source>
dL/dM here = dL/d{0} · {1} = {2}</source>
        <translation>
dL/dM aquí = dL/d{0} · {1} = {2}</translation>
    </message>
</context>
<context>
    <name>Drawing</name>
    <message>
        <source>Which image&apos;s share of the sum is drawn (dL/dW adds up every image)</source>
        <extracomment>What each selector picks in each mode (the element computed, or the slice of the sum drawn).</extracomment>
        <translation>Qué imagen dibuja su parte de la suma (dL/dW suma todas las imágenes)</translation>
    </message>
    <message>
        <source>Which filter&apos;s dL/dW is computed</source>
        <translation>De qué filtro se calcula dL/dW</translation>
    </message>
    <message>
        <source>Which channel&apos;s dL/dW is computed</source>
        <translation>De qué canal se calcula dL/dW</translation>
    </message>
    <message>
        <source>Which image&apos;s dL/dI is computed</source>
        <translation>De qué imagen se calcula dL/dI</translation>
    </message>
    <message>
        <source>Which filter&apos;s share of the sum is drawn (dL/dI adds up every filter)</source>
        <translation>Qué filtro dibuja su parte de la suma (dL/dI suma todos los filtros)</translation>
    </message>
    <message>
        <source>Which channel&apos;s dL/dI is computed</source>
        <translation>De qué canal se calcula dL/dI</translation>
    </message>
    <message>
        <source>Which image&apos;s output is computed</source>
        <translation>De qué imagen se calcula la salida</translation>
    </message>
    <message>
        <source>Which filter&apos;s output map is computed</source>
        <translation>Qué mapa de salida (filtro) se calcula</translation>
    </message>
    <message>
        <source>Which channel&apos;s share of the sum is drawn (an output adds up every channel)</source>
        <translation>Qué canal dibuja su parte de la suma (una salida suma todos los canales)</translation>
    </message>
    <message>
        <source>Position {0} of {1}</source>
        <translation>Posición {0} de {1}</translation>
    </message>
    <message>
        <source> · on the padding: cropped away</source>
        <translation> · sobre el relleno: recortado</translation>
    </message>
    <message>
        <source>dL/do, zeros inserted and around it</source>
        <translation>dL/do, con ceros insertados y alrededor</translation>
    </message>
    <message>
        <source>, padded by {0}</source>
        <translation>, rellenada con {0}</translation>
    </message>
    <message>
        <source>Input I</source>
        <translation>Entrada I</translation>
    </message>
    <message>
        <source> with zeros between (stride {0})</source>
        <translation> con ceros entre medias (paso {0})</translation>
    </message>
    <message>
        <source>W flipped</source>
        <translation>W volteado</translation>
    </message>
    <message>
        <source>Filter W</source>
        <translation>Filtro W</translation>
    </message>
    <message>
        <source>, taps {0} apart</source>
        <translation>, tomas separadas {0}</translation>
    </message>
    <message>
        <source> on the padded input (border cropped)</source>
        <translation> sobre la entrada rellenada (borde recortado)</translation>
    </message>
</context>
<context>
    <name>DrawingPad</name>
    <message>
        <source>Drawing pad</source>
        <translation>Bloc de dibujo</translation>
    </message>
    <message>
        <source>row {0}, column {1}, ink {2:.0%}</source>
        <translation>fila {0}, columna {1}, tinta {2:.0%}</translation>
    </message>
</context>
<context>
    <name>DrawingView</name>
    <message>
        <source>The network&apos;s answer for the drawing</source>
        <translation>La respuesta de la red para el dibujo</translation>
    </message>
    <message>
        <source>Image of the batch the drawing replaces</source>
        <translation>Imagen del lote que sustituye el dibujo</translation>
    </message>
    <message>
        <source>The class the drawing should have</source>
        <translation>La clase que debería tener el dibujo</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>&amp;Borrar</translation>
    </message>
    <message>
        <source>Start from &amp;that image</source>
        <translation>Empezar desde &amp;esa imagen</translation>
    </message>
    <message>
        <source>Copy the chosen image of the batch onto the pad</source>
        <translation>Copiar en el bloc la imagen elegida del lote</translation>
    </message>
    <message>
        <source>&amp;Step through the drawing</source>
        <translation>&amp;Recorrer el dibujo paso a paso</translation>
    </message>
    <message>
        <source>Put the drawing in the batch with its label and start the iteration again (undoable)</source>
        <translation>Poner el dibujo en el lote con su etiqueta y empezar de nuevo la iteración (se puede deshacer)</translation>
    </message>
    <message>
        <source>Replaces image</source>
        <translation>Sustituye la imagen</translation>
    </message>
    <message>
        <source>Should be class</source>
        <translation>Debería ser la clase</translation>
    </message>
    <message>
        <source>What the network says, as you draw:</source>
        <translation>Lo que dice la red mientras dibujas:</translation>
    </message>
    <message>
        <source>What the network predicts for the drawing:</source>
        <translation>Lo que la red predice para el dibujo:</translation>
    </message>
    <message>
        <source>No answer: {0}</source>
        <translation>Sin respuesta: {0}</translation>
    </message>
    <message>
        <source>Draw image {0}</source>
        <translation>Dibujar la imagen {0}</translation>
    </message>
    <message>
        <source>Image {0} is now the drawing: step through its forward and backward pass.</source>
        <translation>La imagen {0} es ahora el dibujo: recorre su pasada hacia delante y hacia atrás.</translation>
    </message>
</context>
<context>
    <name>EquationPanel</name>
    <message>
        <source>Press → (or Step ▶) to compute the first element.</source>
        <translation>Pulsa → (o Paso ▶) para calcular el primer elemento.</translation>
    </message>
    <message>
        <source>Equations</source>
        <extracomment>The equation&apos;s size, in multiples of the window&apos;s font: as large as fits, within these. Smaller still (of the window&apos;s font, whatever the zoom) when its widest number would not fit the panel&apos;s width: below this the panel scrolls sideways instead. A slash in the text (not in a tag): lines may break there, which splits dL/do11 in two. Steps by these units show the whole result; by phase, of its last few sections.</extracomment>
        <translation>Ecuaciones</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Copy the equation as text and as LaTeX</source>
        <translation>Copiar la ecuación como texto y como LaTeX</translation>
    </message>
    <message>
        <source>Copy as LaTeX</source>
        <translation>Copiar como LaTeX</translation>
    </message>
    <message>
        <source>Copy as text</source>
        <translation>Copiar como texto</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Entrenamiento</translation>
    </message>
    <message>
        <source>The equations come back when training stops (Esc, or any step).</source>
        <translation>Las ecuaciones vuelven cuando se detiene el entrenamiento (Esc o cualquier paso).</translation>
    </message>
    <message>
        <source>Iteration {0}</source>
        <translation>Iteración {0}</translation>
    </message>
    <message>
        <source> · step 0 of {0}</source>
        <translation> · paso 0 de {0}</translation>
    </message>
    <message>
        <source> · step {0} of {1}</source>
        <translation> · paso {0} de {1}</translation>
    </message>
    <message>
        <source>&lt;p&gt;Running sum after {0} of {1} terms: &lt;b&gt;{2}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Suma parcial tras {0} de {1} términos: &lt;b&gt;{2}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>The forward pass</source>
        <translation>La pasada hacia delante</translation>
    </message>
    <message>
        <source>The backward pass</source>
        <translation>La pasada hacia atrás</translation>
    </message>
    <message>
        <source>The update</source>
        <translation>La actualización</translation>
    </message>
    <message>
        <source> · step {0} of {1} · done</source>
        <translation> · paso {0} de {1} · hecho</translation>
    </message>
    <message>
        <source>{0} and {1} more</source>
        <translation>{0} y {1} más</translation>
    </message>
    <message>
        <source>The zeros are padding: {0}, outside the input.</source>
        <translation>Los ceros son relleno: {0}, fuera de la entrada.</translation>
    </message>
</context>
<context>
    <name>EquationStatus</name>
    <message>
        <source>The current step&apos;s equation</source>
        <translation>La ecuación del paso actual</translation>
    </message>
    <message>
        <source>No equation yet</source>
        <translation>Aún no hay ecuación</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>ConvStudio sessions (*.convstudio *.json)</source>
        <translation>Sesiones de ConvStudio (*.convstudio *.json)</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg *.bmp *.gif)</source>
        <translation>Imágenes (*.png *.jpg *.jpeg *.bmp *.gif)</translation>
    </message>
    <message>
        <source>Lessons (*.toml)</source>
        <translation>Lecciones (*.toml)</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>Guardar sesión</translation>
    </message>
    <message>
        <source>The session could not be saved: {0}</source>
        <translation>No se pudo guardar la sesión: {0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>Guardado {0}</translation>
    </message>
    <message>
        <source>Load image</source>
        <translation>Cargar imagen</translation>
    </message>
    <message>
        <source>Load image {0}</source>
        <translation>Cargar la imagen {0}</translation>
    </message>
    <message>
        <source>Open image folder {0}</source>
        <translation>Abrir la carpeta de imágenes {0}</translation>
    </message>
    <message>
        <source>Learning from {0} images of {1} classes in “{2}”: {3} batches of {4} an epoch</source>
        <translation>Aprendiendo de {0} imágenes de {1} clases en «{2}»: {3} lotes de {4} por época</translation>
    </message>
    <message>
        <source>Save screenshot</source>
        <translation>Guardar captura de pantalla</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>Imágenes PNG (*.png)</translation>
    </message>
    <message>
        <source>Cannot write {0}</source>
        <translation>No se puede escribir {0}</translation>
    </message>
    <message>
        <source>Restore your work?</source>
        <translation>¿Restaurar tu trabajo?</translation>
    </message>
    <message>
        <source>ConvStudio did not close properly last time. Restore the session it saved automatically{0}?</source>
        <translation>ConvStudio no se cerró correctamente la última vez. ¿Restaurar la sesión que guardó automáticamente{0}?</translation>
    </message>
    <message>
        <source>Restored the session saved before ConvStudio stopped.</source>
        <translation>Se restauró la sesión guardada antes de que ConvStudio se detuviera.</translation>
    </message>
    <message>
        <source>your own network</source>
        <translation>tu propia red</translation>
    </message>
    <message>
        <source>HH:mm &apos;on&apos; d MMMM</source>
        <translation>&apos;a las&apos; HH:mm &apos;del&apos; d &apos;de&apos; MMMM</translation>
    </message>
    <message>
        <source> ({0}, iteration {1}, saved at {2})</source>
        <translation> ({0}, iteración {1}, guardada {2})</translation>
    </message>
</context>
<context>
    <name>FilterGallery</name>
    <message>
        <source>{0} filter {1}</source>
        <extracomment>The textbook&apos;s layer numbers (W¹, W²). Each filter&apos;s side in pixels, and how many filters a row holds.</extracomment>
        <translation>{0} filtro {1}</translation>
    </message>
    <message>
        <source>The {0} filters {2} of layer {1}, from −{3:.2g} to {3:.2g}:</source>
        <translation>Los {0} filtros {2} de la capa {1}, de −{3:.2g} a {3:.2g}:</translation>
    </message>
</context>
<context>
    <name>Forms</name>
    <message>
        <source>{0}, {1} of {2}</source>
        <translation>{0}, {1} de {2}</translation>
    </message>
</context>
<context>
    <name>GradientFlowView</name>
    <message>
        <source>Gradient norms per layer</source>
        <extracomment>Iterations computed on the GUI thread at once (each takes under a millisecond for the lessons&apos; networks), if they fit in BUDGET_S; more go to a session job. Seconds of computing the GUI thread may spend on norms in one redraw. Okabe-Ito colours, one per layer in turn.</extracomment>
        <translation>Normas del gradiente por capa</translation>
    </message>
    <message>
        <source>The gradient norms appear here once an iteration has run.</source>
        <translation>Las normas del gradiente aparecen aquí cuando se haya ejecutado una iteración.</translation>
    </message>
    <message>
        <source>layer {0} ({1})</source>
        <translation>capa {0} ({1})</translation>
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
        <translation>iteración</translation>
    </message>
    <message>
        <source>gradient norm</source>
        <translation>norma del gradiente</translation>
    </message>
    <message>
        <source>No iteration has run yet.</source>
        <translation>Aún no se ha ejecutado ninguna iteración.</translation>
    </message>
    <message>
        <source>{0} {1}</source>
        <translation>{0} {1}</translation>
    </message>
    <message>
        <source>Iteration {0}: ‖dL/da‖ of {1}.</source>
        <translation>Iteración {0}: ‖dL/da‖ de {1}.</translation>
    </message>
    <message>
        <source>‖dL/dW‖ of {0}.</source>
        <translation>‖dL/dW‖ de {0}.</translation>
    </message>
</context>
<context>
    <name>GraphView</name>
    <message>
        <source>Scalar computation graph</source>
        <extracomment>The smallest zoom at which a node&apos;s texts stay readable: the graph opens at it when fitting it whole would be smaller, and the view then keeps the step&apos;s node in sight.</extracomment>
        <translation>Grafo de cálculo escalar</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>Zoom to show the whole graph</source>
        <translation>Zoom para mostrar todo el grafo</translation>
    </message>
    <message>
        <source>Zoom in</source>
        <translation>Acercar</translation>
    </message>
    <message>
        <source>Zoom out</source>
        <translation>Alejar</translation>
    </message>
    <message>
        <source>Each box: a scalar = its value, and the loss&apos;s gradient with respect to it. Vermillion: what the step computes; green: what it reads. Wheel or Ctrl+= / Ctrl+− zooms, dragging pans.</source>
        <translation>Cada caja: un escalar = su valor, y el gradiente de la pérdida respecto a él. Bermellón: lo que calcula el paso; verde: lo que lee. La rueda o Ctrl+= / Ctrl+− hacen zoom, arrastrar desplaza.</translation>
    </message>
    <message>
        <source>No graph to draw: {0}.</source>
        <translation>No hay grafo que dibujar: {0}.</translation>
    </message>
    <message>
        <source>grad {0}</source>
        <translation>grad. {0}</translation>
    </message>
</context>
<context>
    <name>Help</name>
    <message>
        <source>&amp;Lessons…</source>
        <translation>&amp;Lecciones…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts…</source>
        <translation>&amp;Atajos de teclado…</translation>
    </message>
    <message>
        <source>How to read the &amp;screen…</source>
        <translation>Cómo leer la &amp;pantalla…</translation>
    </message>
    <message>
        <source>Toolbar</source>
        <translation>Barra de herramientas</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>Lecciones</translation>
    </message>
    <message>
        <source>Double-click a lesson to open it.</source>
        <translation>Haz doble clic en una lección para abrirla.</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Abrir</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Atajos de teclado</translation>
    </message>
    <message>
        <source>Menu</source>
        <translation>Menú</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>Orden</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>Teclas</translation>
    </message>
    <message>
        <source>Green outline: the cells the current step reads.</source>
        <translation>Contorno verde: las celdas que lee el paso actual.</translation>
    </message>
    <message>
        <source>Vermillion outline: the cell the step writes.</source>
        <translation>Contorno bermellón: la celda que escribe el paso.</translation>
    </message>
    <message>
        <source>Dashed vermillion: the value whose gradient a backward step computes.</source>
        <translation>Bermellón discontinuo: el valor cuyo gradiente calcula un paso hacia atrás.</translation>
    </message>
    <message>
        <source>Dashed sky blue: the other terms of a sum, while you step term by term.</source>
        <translation>Azul cielo discontinuo: los demás términos de una suma, mientras avanzas término a término.</translation>
    </message>
    <message>
        <source>Cell colours: blue for negative, orange for positive, pale for zero; the bar beside each matrix gives the scale.</source>
        <translation>Colores de las celdas: azul para negativo, naranja para positivo, pálido para cero; la barra junto a cada matriz da la escala.</translation>
    </message>
    <message>
        <source>An empty cell has not been computed yet in this iteration.</source>
        <translation>Una celda vacía aún no se ha calculado en esta iteración.</translation>
    </message>
    <message>
        <source>dL/dW11 is the gradient ∂L/∂W11: how much the loss changes per unit change of W11. The panels and the equations both write it dL/dW11.</source>
        <translation>dL/dW11 es el gradiente ∂L/∂W11: cuánto cambia la pérdida por unidad de cambio de W11. Los paneles y las ecuaciones lo escriben dL/dW11.</translation>
    </message>
    <message>
        <source>Indices count from 1, as textbooks do: W11 is the filter&apos;s top-left weight.</source>
        <translation>Los índices cuentan desde 1, como en los libros de texto: W11 es el peso superior izquierdo del filtro.</translation>
    </message>
    <message>
        <source>During the update a weight&apos;s title shows its old and new value (W11: 0.5 → 0.575).</source>
        <translation>Durante la actualización el título de un peso muestra su valor antiguo y el nuevo (W11: 0.5 → 0.575).</translation>
    </message>
    <message>
        <source>The toolbar says where you are: the iteration, its phase (forward, backward, update) and the step within it.</source>
        <translation>La barra de herramientas dice dónde estás: la iteración, su fase (hacia delante, hacia atrás, actualización) y el paso dentro de ella.</translation>
    </message>
    <message>
        <source>How to read the screen</source>
        <translation>Cómo leer la pantalla</translation>
    </message>
</context>
<context>
    <name>HighlightKey</name>
    <message>
        <source>Green: the cells the step reads. Vermillion: the cell it writes. Dashed vermillion: the value whose gradient a backward step computes. Dashed blue: the other terms of a sum being added term by term.</source>
        <translation>Verde: las celdas que lee el paso. Bermellón: la celda que escribe. Bermellón discontinuo: el valor cuyo gradiente calcula un paso hacia atrás. Azul discontinuo: los demás términos de una suma que se suma término a término.</translation>
    </message>
</context>
<context>
    <name>ImageFolderDialog</name>
    <message>
        <source>Open image folder</source>
        <extracomment>Thumbnails shown per class, and their side in pixels (the input is tiny: drawn as blocks). Skipped files listed at most; the rest are counted.</extracomment>
        <translation>Abrir carpeta de imágenes</translation>
    </message>
    <message>
        <source>{images} images in {classes} classes from the folder {folder}</source>
        <translation>{images} imágenes en {classes} clases de la carpeta {folder}</translation>
    </message>
    <message>
        <source>Converted for the network: {how}</source>
        <translation>Convertida para la red: {how}</translation>
    </message>
    <message>
        <source>Each class, and its first images as the network sees them:</source>
        <translation>Cada clase y sus primeras imágenes tal como las ve la red:</translation>
    </message>
    <message>
        <source>Files skipped</source>
        <translation>Archivos omitidos</translation>
    </message>
    <message>
        <source>{folder}: {reason}</source>
        <translation>{folder}: {reason}</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>… y {n} más</translation>
    </message>
    <message>
        <source>Nothing was skipped.</source>
        <translation>No se omitió nada.</translation>
    </message>
    <message>
        <source>1 file or folder was skipped:</source>
        <translation>Se omitió 1 archivo o carpeta:</translation>
    </message>
    <message>
        <source>{n} files or folders were skipped:</source>
        <translation>Se omitieron {n} archivos o carpetas:</translation>
    </message>
    <message>
        <source>{name} (label {label})</source>
        <translation>{name} (etiqueta {label})</translation>
    </message>
    <message>
        <source>1 image</source>
        <translation>1 imagen</translation>
    </message>
    <message>
        <source>{n} images</source>
        <translation>{n} imágenes</translation>
    </message>
</context>
<context>
    <name>ImageLoading</name>
    <message>
        <source>kept at {w}×{h} pixels</source>
        <translation>se mantiene en {w}×{h} píxeles</translation>
    </message>
    <message>
        <source>averaged down</source>
        <translation>reducida (promediada)</translation>
    </message>
    <message>
        <source>interpolated up</source>
        <translation>ampliada (interpolada)</translation>
    </message>
    <message>
        <source>resampled</source>
        <translation>remuestreada</translation>
    </message>
    <message>
        <source>{how} from {w}×{h} to {W}×{H} pixels</source>
        <translation>{how} de {w}×{h} a {W}×{H} píxeles</translation>
    </message>
    <message>
        <source>stretched to the input&apos;s shape</source>
        <translation>estirada a la forma de la entrada</translation>
    </message>
    <message>
        <source>made grey by luminance</source>
        <translation>pasada a gris por luminancia</translation>
    </message>
    <message>
        <source>red, green and blue as 3 channels</source>
        <translation>rojo, verde y azul como 3 canales</translation>
    </message>
    <message>
        <source>Loading: {what}.</source>
        <translation>Cargando: {what}.</translation>
    </message>
</context>
<context>
    <name>Instruments</name>
    <message>
        <source>Nudge experiment</source>
        <translation>Experimento de perturbación</translation>
    </message>
    <message>
        <source>Nudge a weight, rerun the data, and compare the slope with backprop</source>
        <translation>Perturbar un peso, volver a pasar los datos y comparar la pendiente con la retropropagación</translation>
    </message>
    <message>
        <source>Gradient as correlation</source>
        <translation>El gradiente como correlación</translation>
    </message>
    <message>
        <source>Watch dL/do slide over the input like a filter: each position gives one dL/dW</source>
        <translation>Mira cómo dL/do se desliza sobre la entrada como un filtro: cada posición da un dL/dW</translation>
    </message>
    <message>
        <source>Convolution as a dense layer</source>
        <translation>La convolución como capa densa</translation>
    </message>
    <message>
        <source>The convolution as one weight matrix with tied weights</source>
        <translation>La convolución como una matriz de pesos con pesos compartidos</translation>
    </message>
    <message>
        <source>Loss landscape</source>
        <translation>Paisaje de la pérdida</translation>
    </message>
    <message>
        <source>The loss over two weights, and the path SGD takes</source>
        <translation>La pérdida sobre dos pesos, y la trayectoria que sigue SGD</translation>
    </message>
    <message>
        <source>Drawing pad</source>
        <translation>Bloc de dibujo</translation>
    </message>
    <message>
        <source>Draw an image, see the network&apos;s answer change as you draw, and step through it</source>
        <translation>Dibuja una imagen, mira cómo cambia la respuesta de la red mientras dibujas y recórrela paso a paso</translation>
    </message>
    <message>
        <source>Receptive field</source>
        <translation>Campo receptivo</translation>
    </message>
    <message>
        <source>Which input cells a unit sees: a one-hot gradient on it, backpropagated to the input</source>
        <translation>Qué celdas de la entrada ve una unidad: un gradiente one-hot sobre ella, retropropagado hasta la entrada</translation>
    </message>
    <message>
        <source>Scalar computation graph</source>
        <translation>Grafo de cálculo escalar</translation>
    </message>
    <message>
        <source>Every input, weight, product, sum and loss as a node, lit as you step</source>
        <translation>Cada entrada, peso, producto, suma y la pérdida como un nodo, iluminado al avanzar</translation>
    </message>
    <message>
        <source>Transposed convolution</source>
        <translation>Convolución transpuesta</translation>
    </message>
    <message>
        <source>The input gradient dL/dI as a transposed convolution of dL/do by the same weights</source>
        <translation>El gradiente de la entrada dL/dI como convolución transpuesta de dL/do con los mismos pesos</translation>
    </message>
    <message>
        <source>Gradient flow</source>
        <translation>Flujo del gradiente</translation>
    </message>
    <message>
        <source>How large each layer&apos;s gradient is over the iterations: whether learning reaches every layer</source>
        <translation>Qué tamaño tiene el gradiente de cada capa a lo largo de las iteraciones: si el aprendizaje llega a todas las capas</translation>
    </message>
    <message>
        <source>Classifier: accuracy and mistakes</source>
        <translation>Clasificador: exactitud y errores</translation>
    </message>
    <message>
        <source>Train and test accuracy, the confusion matrix, the misclassified test images, the learned filters</source>
        <extracomment>Long enough to need its own line within the line length.</extracomment>
        <translation>Exactitud de entrenamiento y de prueba, la matriz de confusión, las imágenes de prueba mal clasificadas, los filtros aprendidos</translation>
    </message>
</context>
<context>
    <name>LandscapePanel</name>
    <message>
        <source>Weight along the horizontal axis</source>
        <extracomment>Floats one slice of rows may compute, and the time a slice may take before the events run.</extracomment>
        <translation>Peso a lo largo del eje horizontal</translation>
    </message>
    <message>
        <source>Weight along the vertical axis</source>
        <translation>Peso a lo largo del eje vertical</translation>
    </message>
    <message>
        <source>Log colour</source>
        <translation>Color logarítmico</translation>
    </message>
    <message>
        <source>Colours and contours by log10 L: shows the bottom of a deep valley and its rim</source>
        <translation>Colores y curvas de nivel según log10 L: muestra el fondo de un valle profundo y su borde</translation>
    </message>
    <message>
        <source>Fit to path</source>
        <translation>Ajustar a la trayectoria</translation>
    </message>
    <message>
        <source>Fit the view to the path again and follow it while training runs</source>
        <translation>Ajustar de nuevo la vista a la trayectoria y seguirla mientras se entrena</translation>
    </message>
    <message>
        <source>Across</source>
        <translation>Horizontal</translation>
    </message>
    <message>
        <source>up</source>
        <translation>vertical</translation>
    </message>
    <message>
        <source>The weight along this axis: pick one, or type any parameter cell ({0})</source>
        <translation>El peso a lo largo de este eje: elige uno o escribe cualquier celda de parámetro ({0})</translation>
    </message>
    <message>
        <source>Training diverged: the loss became too large to compute.</source>
        <translation>El entrenamiento divergió: la pérdida se hizo demasiado grande para calcularla.</translation>
    </message>
    <message>
        <source>This network has a single parameter: a landscape needs two weights.</source>
        <translation>Esta red tiene un solo parámetro: un paisaje necesita dos pesos.</translation>
    </message>
    <message>
        <source>L over {0} (across) and {1} (up), the other weights fixed at iteration {2}. Here L = {3}. The path: {0} and {1} at the start of every iteration.</source>
        <translation>L sobre {0} (horizontal) y {1} (vertical), con los demás pesos fijos en la iteración {2}. Aquí L = {3}. La trayectoria: {0} y {1} al inicio de cada iteración.</translation>
    </message>
    <message>
        <source> View fixed: &lt;i&gt;Fit to path&lt;/i&gt; follows the path again.</source>
        <translation> Vista fija: &lt;i&gt;Ajustar a la trayectoria&lt;/i&gt; vuelve a seguir la trayectoria.</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <extracomment>The window the last switch built: nothing else holds it (the app holds the one it made).</extracomment>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>System language ({0})</source>
        <translation>Idioma del sistema ({0})</translation>
    </message>
</context>
<context>
    <name>LayerFields</name>
    <message>
        <source>This layer has no fields.</source>
        <translation>Esta capa no tiene campos.</translation>
    </message>
</context>
<context>
    <name>Legend</name>
    <message>
        <source>{0} = {1}: click to see its places in M</source>
        <translation>{0} = {1}: haz clic para ver sus lugares en M</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Step through one training iteration: the forward pass, backprop, then the update.</source>
        <translation>Recorre una iteración de entrenamiento: la pasada hacia delante, la retropropagación y después la actualización.</translation>
    </message>
    <message>
        <source>Each output element is a sum of products of the window&apos;s cells and the filter&apos;s weights.</source>
        <translation>Cada elemento de salida es una suma de productos de las celdas de la ventana y los pesos del filtro.</translation>
    </message>
    <message>
        <source>Each gradient element adds up how every place a value was used changed the loss.</source>
        <translation>Cada elemento del gradiente suma cómo cambió la pérdida cada lugar donde se usó un valor.</translation>
    </message>
    <message>
        <source>Each weight takes a step against its gradient: W ← W − η·dL/dW.</source>
        <translation>Cada peso da un paso en contra de su gradiente: W ← W − η·dL/dW.</translation>
    </message>
    <message>
        <source>Start</source>
        <extracomment>Each phase&apos;s heading above its text.</extracomment>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Forward pass</source>
        <translation>Pasada hacia delante</translation>
    </message>
    <message>
        <source>Backprop</source>
        <translation>Retropropagación</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Actualización</translation>
    </message>
    <message>
        <source>on</source>
        <extracomment>The text&apos;s size, in multiples of the window&apos;s font: as large as fits, within these.</extracomment>
        <translation>sí</translation>
    </message>
    <message>
        <source>off</source>
        <translation>no</translation>
    </message>
    <message>
        <source>as the window</source>
        <translation>como la ventana</translation>
    </message>
    <message>
        <source>You changed the lesson&apos;s learning rate ({0}).</source>
        <translation>Cambiaste la tasa de aprendizaje de la lección ({0}).</translation>
    </message>
    <message>
        <source>You changed the lesson&apos;s network ({0}).</source>
        <translation>Cambiaste la red de la lección ({0}).</translation>
    </message>
    <message>
        <source>The text below was written for the lesson&apos;s: the numbers on screen may differ from those it gives.</source>
        <translation>El texto de abajo se escribió para la de la lección: los números en pantalla pueden diferir de los que da.</translation>
    </message>
    <message>
        <source>Lesson text</source>
        <translation>Texto de la lección</translation>
    </message>
    <message>
        <source>You changed the lesson&apos;s network. The text below was written for the lesson&apos;s: the numbers on screen may differ from those it gives.</source>
        <translation>Cambiaste la red de la lección. El texto de abajo se escribió para la red de la lección: los números en pantalla pueden diferir de los que da.</translation>
    </message>
</context>
<context>
    <name>LossPanel</name>
    <message>
        <source>Loss</source>
        <translation>Pérdida</translation>
    </message>
    <message>
        <source>Loss curve</source>
        <translation>Curva de pérdida</translation>
    </message>
    <message>
        <source>The loss appears here once the forward pass has computed it.</source>
        <translation>La pérdida aparece aquí cuando la pasada hacia delante la haya calculado.</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>Escala logarítmica</translation>
    </message>
    <message>
        <source>Losses often fall by decades: a log scale shows the whole descent</source>
        <translation>Las pérdidas suelen caer por décadas: una escala logarítmica muestra todo el descenso</translation>
    </message>
    <message>
        <source>&lt;b&gt;Loss&lt;/b&gt;</source>
        <translation>&lt;b&gt;Pérdida&lt;/b&gt;</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>iteración</translation>
    </message>
    <message>
        <source>loss L</source>
        <translation>pérdida L</translation>
    </message>
    <message>
        <source>L = 0 is drawn at {floor}, a decade below the smallest loss: a log scale has no zero.</source>
        <translation>L = 0 se dibuja en {floor}, una década por debajo de la pérdida más pequeña: una escala logarítmica no tiene cero.</translation>
    </message>
    <message>
        <source>iteration {0}: L = {1}</source>
        <translation>iteración {0}: L = {1}</translation>
    </message>
    <message>
        <source>iteration {0}: loss = {1}</source>
        <translation>iteración {0}: pérdida = {1}</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Play</source>
        <translation>Reproducir</translation>
    </message>
    <message>
        <source>Predict</source>
        <extracomment>The widest a newly opened instrument dock starts, as a share of the window.</extracomment>
        <translation>Predecir</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>Red</translation>
    </message>
    <message>
        <source>&amp;Network strip</source>
        <translation>Barra de la &amp;red</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausa</translation>
    </message>
    <message>
        <source>Training · iteration {0} of {1}</source>
        <translation>Entrenando · iteración {0} de {1}</translation>
    </message>
    <message>
        <source>step {0}/{1}</source>
        <translation>paso {0}/{1}</translation>
    </message>
    <message>
        <source>, term {0}</source>
        <translation>, término {0}</translation>
    </message>
    <message>
        <source>Iteration {0} · backward · step {1}/{1}, term 88</source>
        <translation>Iteración {0} · hacia atrás · paso {1}/{1}, término 88</translation>
    </message>
    <message>
        <source>This is the start of the first iteration.</source>
        <translation>Este es el inicio de la primera iteración.</translation>
    </message>
    <message>
        <source>Training paused at the end of iteration {0}: step on from here, or run more iterations (Training &gt; Run iterations).</source>
        <translation>Entrenamiento en pausa al final de la iteración {0}: avanza desde aquí o ejecuta más iteraciones (Entrenamiento &gt; Ejecutar iteraciones).</translation>
    </message>
    <message>
        <source>Restarted from the first weights: the history kept only iterations {0} to {1}. Edit &gt; Undo returns to the trained weights.</source>
        <translation>Reiniciado desde los primeros pesos: el historial solo conservaba las iteraciones {0} a {1}. Editar &gt; Deshacer vuelve a los pesos entrenados.</translation>
    </message>
</context>
<context>
    <name>MapPlot</name>
    <message>
        <source>White line: the path, one dot per iteration, the square where it started.
Orange disc: the current weights; dashed white: the contour through them.
Dashed orange: this iteration&apos;s update so far, at right angles to that contour.
Orange arrows: where the path leaves the map.</source>
        <translation>Línea blanca: la trayectoria, un punto por iteración, el cuadrado donde empezó.
Disco naranja: los pesos actuales; blanco discontinuo: la curva de nivel que pasa por ellos.
Naranja discontinuo: la actualización de esta iteración hasta ahora, en ángulo recto con esa curva.
Flechas naranjas: por dónde sale la trayectoria del mapa.</translation>
    </message>
</context>
<context>
    <name>MatrixEditing</name>
    <message>
        <source>row {0}, column {1}</source>
        <translation>fila {0}, columna {1}</translation>
    </message>
    <message>
        <source>position {0}</source>
        <translation>posición {0}</translation>
    </message>
    <message>
        <source>{0}: not computed yet</source>
        <translation>{0}: aún sin calcular</translation>
    </message>
    <message>
        <source>Type a number and press Enter (Escape cancels)</source>
        <translation>Escribe un número y pulsa Intro (Escape cancela)</translation>
    </message>
    <message>
        <source>Not a finite number: type a value like 0.5 or -2</source>
        <translation>No es un número finito: escribe un valor como 0,5 o -2</translation>
    </message>
</context>
<context>
    <name>MatrixView</name>
    <message>
        <source>row {0}, column {1}</source>
        <translation>fila {0}, columna {1}</translation>
    </message>
    <message>
        <source>not computed yet</source>
        <translation>aún sin calcular</translation>
    </message>
    <message>
        <source>written by this step</source>
        <translation>escrita por este paso</translation>
    </message>
    <message>
        <source>read by this step</source>
        <translation>leída por este paso</translation>
    </message>
    <message>
        <source>its gradient is computed by this step</source>
        <translation>su gradiente lo calcula este paso</translation>
    </message>
    <message>
        <source>another term of this sum</source>
        <translation>otro término de esta suma</translation>
    </message>
    <message>
        <source>{0} rows, {1} columns</source>
        <translation>{0} filas, {1} columnas</translation>
    </message>
</context>
<context>
    <name>NetworkEditor</name>
    <message>
        <source>Network</source>
        <extracomment>The colour of problems: dark enough on the light palette, light enough on the dark one (4.5:1).</extracomment>
        <translation>Red</translation>
    </message>
    <message>
        <source>Channels</source>
        <translation>Canales</translation>
    </message>
    <message>
        <source>Image height</source>
        <translation>Alto de la imagen</translation>
    </message>
    <message>
        <source>Image width</source>
        <translation>Ancho de la imagen</translation>
    </message>
    <message>
        <source>Images in the batch</source>
        <translation>Imágenes en el lote</translation>
    </message>
    <message>
        <source>Channels × height × width</source>
        <translation>Canales × alto × ancho</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Layers</source>
        <translation>Capas</translation>
    </message>
    <message>
        <source>Type of the layer to add</source>
        <translation>Tipo de la capa que se añade</translation>
    </message>
    <message>
        <source>&amp;Add layer</source>
        <translation>&amp;Añadir capa</translation>
    </message>
    <message>
        <source>Add a layer of this type after the selected one</source>
        <translation>Añadir una capa de este tipo tras la seleccionada</translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation>&amp;Quitar</translation>
    </message>
    <message>
        <source>Move &amp;up</source>
        <translation>&amp;Subir</translation>
    </message>
    <message>
        <source>Move &amp;down</source>
        <translation>&amp;Bajar</translation>
    </message>
    <message>
        <source>Move the selected layer up (Alt+Up in the list)</source>
        <translation>Subir la capa seleccionada (Alt+Arriba en la lista)</translation>
    </message>
    <message>
        <source>Move the selected layer down (Alt+Down in the list)</source>
        <translation>Bajar la capa seleccionada (Alt+Abajo en la lista)</translation>
    </message>
    <message>
        <source>Remove the selected layer (Delete in the list)</source>
        <translation>Quitar la capa seleccionada (Supr en la lista)</translation>
    </message>
    <message>
        <source>mean squared error (mse)</source>
        <translation>error cuadrático medio (mse)</translation>
    </message>
    <message>
        <source>softmax cross-entropy (cross_entropy)</source>
        <translation>entropía cruzada con softmax (cross_entropy)</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Pérdida</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Entrenamiento</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>A&amp;plicar</translation>
    </message>
    <message>
        <source>Layer {0} ({1})</source>
        <translation>Capa {0} ({1})</translation>
    </message>
    <message>
        <source>No layer</source>
        <translation>Ninguna capa</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>sesgo</translation>
    </message>
    <message>
        <source>no bias</source>
        <translation>sin sesgo</translation>
    </message>
    <message>
        <source>→ cannot be built</source>
        <translation>→ no se puede construir</translation>
    </message>
    <message>
        <source>→ size unknown</source>
        <translation>→ tamaño desconocido</translation>
    </message>
    <message>
        <source>This network cannot be built:</source>
        <translation>Esta red no se puede construir:</translation>
    </message>
    <message>
        <source>Output {0} per image; {1} parameters. Applying starts a fresh iteration.</source>
        <translation>Salida {0} por imagen; {1} parámetros. Aplicar empieza una iteración nueva.</translation>
    </message>
</context>
<context>
    <name>NetworkFields</name>
    <message>
        <source>Filters</source>
        <extracomment>Above the window&apos;s limits, so that a value too large is explained rather than silently clamped.</extracomment>
        <translation>Filtros</translation>
    </message>
    <message>
        <source>Kernel</source>
        <translation>Núcleo</translation>
    </message>
    <message>
        <source>Stride</source>
        <translation>Paso</translation>
    </message>
    <message>
        <source>Padding</source>
        <translation>Relleno</translation>
    </message>
    <message>
        <source>Dilation</source>
        <translation>Dilatación</translation>
    </message>
    <message>
        <source>Output padding</source>
        <translation>Relleno de salida</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>Sesgo</translation>
    </message>
    <message>
        <source>Window size</source>
        <translation>Tamaño de ventana</translation>
    </message>
    <message>
        <source>ε (eps)</source>
        <translation>ε (eps)</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>Momento</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>Unidades</translation>
    </message>
    <message>
        <source>Learning rate η</source>
        <translation>Tasa de aprendizaje η</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Decaimiento de pesos</translation>
    </message>
    <message>
        <source>β₁, β₂ (betas)</source>
        <translation>β₁, β₂ (betas)</translation>
    </message>
    <message>
        <source>filters</source>
        <translation>filtros</translation>
    </message>
    <message>
        <source>kernel</source>
        <translation>núcleo</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>paso</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>relleno</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>dilatación</translation>
    </message>
    <message>
        <source>output padding</source>
        <translation>relleno de salida</translation>
    </message>
    <message>
        <source>window size</source>
        <translation>tamaño de ventana</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>momento</translation>
    </message>
    <message>
        <source>units</source>
        <translation>unidades</translation>
    </message>
</context>
<context>
    <name>NetworkPanel</name>
    <message>
        <source>Network: the layers, lit where the current step works</source>
        <translation>Red: las capas, iluminadas donde trabaja el paso actual</translation>
    </message>
    <message>
        <source>input</source>
        <translation>entrada</translation>
    </message>
    <message>
        <source>the input image</source>
        <translation>la imagen de entrada</translation>
    </message>
    <message>
        <source>MSE</source>
        <translation>MSE</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>entropía cruzada</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>the loss, {0}</source>
        <translation>la pérdida, {0}</translation>
    </message>
    <message>
        <source>layer {0}, {1}, output {2}</source>
        <translation>capa {0}, {1}, salida {2}</translation>
    </message>
    <message>
        <source>, the current step works here</source>
        <translation>, aquí trabaja el paso actual</translation>
    </message>
</context>
<context>
    <name>NudgeNumbers</name>
    <message>
        <source>1 image</source>
        <translation>1 imagen</translation>
    </message>
    <message>
        <source>{0} images</source>
        <translation>{0} imágenes</translation>
    </message>
    <message>
        <source>1 weight</source>
        <translation>1 peso</translation>
    </message>
    <message>
        <source>{0} weights</source>
        <translation>{0} pesos</translation>
    </message>
    <message>
        <source>2 forward passes</source>
        <translation>2 pasadas hacia delante</translation>
    </message>
    <message>
        <source>{0} forward passes</source>
        <translation>{0} pasadas hacia delante</translation>
    </message>
    <message>
        <source>Checking {0} took {1} over the data ({2}): {3}.</source>
        <translation>Comprobar {0} costó {1} sobre los datos ({2}): {3}.</translation>
    </message>
    <message>
        <source>its gradient</source>
        <translation>su gradiente</translation>
    </message>
    <message>
        <source>all {0}</source>
        <translation>los {0}</translation>
    </message>
    <message>
        <source> Backprop got {0} from 1 forward + 1 backward pass: {1}.</source>
        <translation> La retropropagación obtuvo {0} con 1 pasada hacia delante + 1 hacia atrás: {1}.</translation>
    </message>
</context>
<context>
    <name>NudgePanel</name>
    <message>
        <source>Parameter to nudge</source>
        <translation>Parámetro a perturbar</translation>
    </message>
    <message>
        <source>Nudge size</source>
        <translation>Tamaño de la perturbación</translation>
    </message>
    <message>
        <source>Parameters to check</source>
        <translation>Parámetros a comprobar</translation>
    </message>
    <message>
        <source>Nudged slopes beside backprop</source>
        <translation>Pendientes perturbadas junto a la retropropagación</translation>
    </message>
    <message>
        <source>W · filters</source>
        <translation>W · filtros</translation>
    </message>
    <message>
        <source>b · conv bias</source>
        <translation>b · sesgo convolucional</translation>
    </message>
    <message>
        <source>V · dense weights</source>
        <translation>V · pesos densos</translation>
    </message>
    <message>
        <source>c · dense bias</source>
        <translation>c · sesgo denso</translation>
    </message>
    <message>
        <source>The weights have changed since this check: press Check again.</source>
        <extracomment>How often the event loop collects the worker&apos;s results, in milliseconds. Changes closer together than this (training reports every few ms) start one experiment, not many.</extracomment>
        <translation>Los pesos han cambiado desde esta comprobación: pulsa Comprobar de nuevo.</translation>
    </message>
    <message>
        <source>Every parameter ({0} weights)</source>
        <translation>Todos los parámetros ({0} pesos)</translation>
    </message>
    <message>
        <source>{0} only ({1})</source>
        <translation>solo {0} ({1})</translation>
    </message>
    <message>
        <source>Finite differences cost 2 forward passes per weight; backprop gets all {0} gradients from 1 forward and 1 backward pass.</source>
        <translation>Las diferencias finitas cuestan 2 pasadas hacia delante por peso; la retropropagación obtiene los {0} gradientes con 1 pasada hacia delante y 1 hacia atrás.</translation>
    </message>
    <message>
        <source>{0}. The nudge stays ε = {1}.</source>
        <translation>{0}. La perturbación sigue siendo ε = {1}.</translation>
    </message>
    <message>
        <source>filter {0}</source>
        <translation>filtro {0}</translation>
    </message>
    <message>
        <source>channel {0}</source>
        <translation>canal {0}</translation>
    </message>
    <message>
        <source>{0} = {1}: click to nudge it</source>
        <translation>{0} = {1}: haz clic para perturbarlo</translation>
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
        <translation>Optimizador</translation>
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
        <translation>imagen</translation>
    </message>
    <message>
        <source>filter</source>
        <translation>filtro</translation>
    </message>
    <message>
        <source>channel</source>
        <translation>canal</translation>
    </message>
    <message>
        <source>Follow the step</source>
        <translation>Seguir el paso</translation>
    </message>
</context>
<context>
    <name>Plots</name>
    <message>
        <source>No points yet</source>
        <translation>Aún no hay puntos</translation>
    </message>
    <message>
        <source>not a number</source>
        <translation>no es un número</translation>
    </message>
    <message>
        <source>{0} points; the latest: {1}</source>
        <translation>{0} puntos; el último: {1}</translation>
    </message>
</context>
<context>
    <name>PredictPanel</name>
    <message>
        <source>your prediction</source>
        <extracomment>A right answer in bluish green (Okabe-Ito), darker or lighter for a contrast of 4.5:1 or more; a miss in the vermillion of the notes. A tick or a cross says it too, not the colour alone.</extracomment>
        <translation>tu predicción</translation>
    </message>
    <message>
        <source>Type a number or simple arithmetic ({0}), then Enter. Within 0.1% counts as right.</source>
        <translation>Escribe un número o una operación sencilla ({0}) y pulsa Intro. Dentro del 0,1 % cuenta como acierto.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Comprobar</translation>
    </message>
    <message>
        <source>Check your prediction (Enter)</source>
        <translation>Comprobar tu predicción (Intro)</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>Muéstramelo</translation>
    </message>
    <message>
        <source>Reveal the step (counts as not right)</source>
        <translation>Revelar el paso (cuenta como no acertado)</translation>
    </message>
    <message>
        <source>Reset score</source>
        <translation>Reiniciar la puntuación</translation>
    </message>
    <message>
        <source>Start this lesson&apos;s score again</source>
        <translation>Empezar de nuevo la puntuación de esta lección</translation>
    </message>
    <message>
        <source>Save results…</source>
        <translation>Guardar resultados…</translation>
    </message>
    <message>
        <source>Every question, your answers, whether they were right and the time, as a CSV file</source>
        <translation>Cada pregunta, tus respuestas, si eran correctas y el tiempo, como archivo CSV</translation>
    </message>
    <message>
        <source>Type your prediction and press Enter, or press &lt;i&gt;Show me&lt;/i&gt;.</source>
        <translation>Escribe tu predicción y pulsa Intro, o pulsa &lt;i&gt;Muéstramelo&lt;/i&gt;.</translation>
    </message>
    <message>
        <source>you said {0}</source>
        <translation>dijiste {0}</translation>
    </message>
    <message>
        <source>✓ Right ({0}):&lt;br&gt;{1}</source>
        <translation>✓ Correcto ({0}):&lt;br&gt;{1}</translation>
    </message>
    <message>
        <source>✓ Right on the second try ({0}):&lt;br&gt;{1}</source>
        <translation>✓ Correcto al segundo intento ({0}):&lt;br&gt;{1}</translation>
    </message>
    <message>
        <source>✗ Not quite ({0}). Here are the numbers:&lt;br&gt;{1}</source>
        <translation>✗ No del todo ({0}). Aquí están los números:&lt;br&gt;{1}</translation>
    </message>
    <message>
        <source>✗ Not quite ({0}). The step:&lt;br&gt;{1}</source>
        <translation>✗ No del todo ({0}). El paso:&lt;br&gt;{1}</translation>
    </message>
    <message>
        <source>The step:&lt;br&gt;{0}</source>
        <translation>El paso:&lt;br&gt;{0}</translation>
    </message>
    <message>
        <source>The results could not be saved: {0}</source>
        <translation>No se pudieron guardar los resultados: {0}</translation>
    </message>
    <message>
        <source>Saved {0} question(s) to {1}.</source>
        <translation>Se guardaron {0} pregunta(s) en {1}.</translation>
    </message>
    <message>
        <source>Save predict results</source>
        <translation>Guardar los resultados de predicción</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Archivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Press → for the next step.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Pulsa → para el siguiente paso.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Score for {0}: {1}</source>
        <translation>Puntuación de {0}: {1}</translation>
    </message>
    <message>
        <source>Press → to predict the next step.</source>
        <translation>Pulsa → para predecir el siguiente paso.</translation>
    </message>
    <message>
        <source>Predict mode is off (Ctrl+P).</source>
        <translation>El modo de predicción está desactivado (Ctrl+P).</translation>
    </message>
</context>
<context>
    <name>PredictWords</name>
    <message>
        <source>Predict the running sum of &lt;b&gt;{0}&lt;/b&gt; after term {1} of {2}:</source>
        <translation>Predice la suma parcial de &lt;b&gt;{0}&lt;/b&gt; tras el término {1} de {2}:</translation>
    </message>
    <message>
        <source>Predict &lt;b&gt;{0}&lt;/b&gt;:</source>
        <translation>Predice &lt;b&gt;{0}&lt;/b&gt;:</translation>
    </message>
</context>
<context>
    <name>Readout</name>
    <message>
        <source>The experiment could not run: {0}</source>
        <translation>El experimento no se pudo ejecutar: {0}</translation>
    </message>
    <message>
        <source>{0} = {1}, nudged by ±{2}</source>
        <translation>{0} = {1}, perturbado en ±{2}</translation>
    </message>
    <message>
        <source>Two forward passes over the data, then the slope beside backprop&apos;s value…</source>
        <translation>Dos pasadas hacia delante sobre los datos, y luego la pendiente junto al valor de la retropropagación…</translation>
    </message>
    <message>
        <source>forward pass 1</source>
        <translation>pasada hacia delante 1</translation>
    </message>
    <message>
        <source>forward pass 2</source>
        <translation>pasada hacia delante 2</translation>
    </message>
    <message>
        <source>slope (L₊ − L₋) / 2ε</source>
        <translation>pendiente (L₊ − L₋) / 2ε</translation>
    </message>
    <message>
        <source>backprop {0}</source>
        <translation>retropropagación {0}</translation>
    </message>
    <message>
        <source>They agree to &lt;b&gt;{0} significant digit&lt;/b&gt; ({1}).</source>
        <translation>Coinciden en &lt;b&gt;{0} cifra significativa&lt;/b&gt; ({1}).</translation>
    </message>
    <message>
        <source>They agree to &lt;b&gt;{0} significant digits&lt;/b&gt; ({1}).</source>
        <translation>Coinciden en &lt;b&gt;{0} cifras significativas&lt;/b&gt; ({1}).</translation>
    </message>
    <message>
        <source> Backprop got this gradient and the other {0} from 1 forward + 1 backward pass: {1}.</source>
        <translation> La retropropagación obtuvo este gradiente y los otros {0} con 1 pasada hacia delante + 1 hacia atrás: {1}.</translation>
    </message>
    <message>
        <source>; about {0} to go</source>
        <translation>; faltan unos {0}</translation>
    </message>
    <message>
        <source>Checked {0} of {1} weights: {2} forward passes, {3} so far{4}…</source>
        <translation>Comprobados {0} de {1} pesos: {2} pasadas hacia delante, {3} hasta ahora{4}…</translation>
    </message>
    <message>
        <source>Cancelled before the first weight.</source>
        <translation>Cancelado antes del primer peso.</translation>
    </message>
    <message>
        <source>Cancelled after {0} of {1} weights. </source>
        <translation>Cancelado tras {0} de {1} pesos. </translation>
    </message>
    <message>
        <source>Worst: {0} agrees to {1} digit ({2}); {3} of {4} agree to 8 or more.</source>
        <translation>Peor: {0} coincide en {1} cifra ({2}); {3} de {4} coinciden en 8 o más.</translation>
    </message>
    <message>
        <source>Worst: {0} agrees to {1} digits ({2}); {3} of {4} agree to 8 or more.</source>
        <translation>Peor: {0} coincide en {1} cifras ({2}); {3} de {4} coinciden en 8 o más.</translation>
    </message>
    <message>
        <source>both below {0}: difference {1}, {2} of {0}</source>
        <translation>ambos por debajo de {0}: diferencia {1}, {2} de {0}</translation>
    </message>
    <message>
        <source>relative difference {0}</source>
        <translation>diferencia relativa {0}</translation>
    </message>
</context>
<context>
    <name>ReceptiveFieldView</name>
    <message>
        <source>Layer of the unit</source>
        <extracomment>The unit&apos;s boxes: channel (or feature), row, column; 1-based on screen.</extracomment>
        <translation>Capa de la unidad</translation>
    </message>
    <message>
        <source>Follow the step</source>
        <translation>Seguir el paso</translation>
    </message>
    <message>
        <source>Show the field of the unit the current forward step computes</source>
        <translation>Mostrar el campo de la unidad que calcula el paso hacia delante actual</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Canal</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Fila</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Columna</translation>
    </message>
    <message>
        <source>The input, with the unit&apos;s receptive field</source>
        <translation>La entrada, con el campo receptivo de la unidad</translation>
    </message>
    <message>
        <source>{0} ({1})</source>
        <translation>{0} ({1})</translation>
    </message>
    <message>
        <source>Feature</source>
        <translation>Característica</translation>
    </message>
    <message>
        <source>|d unit / dI|, image {0}</source>
        <translation>|d unidad / dI|, imagen {0}</translation>
    </message>
    <message>
        <source>{0} (layer {1}) is reached from {2} of the {3} input cells (outlined in green):</source>
        <translation>{0} (capa {1}) recibe de {2} de las {3} celdas de entrada (contorno verde):</translation>
    </message>
    <message>
        <source>its receptive field; the colours are how much each cell moves it.</source>
        <translation>su campo receptivo; los colores indican cuánto lo mueve cada celda.</translation>
    </message>
    <message>
        <source>The arithmetic&apos;s window holds {0} cells inside the input; the gradient does not reach the dashed ones (a zero weight, a dilation&apos;s gap, or a pooling maximum elsewhere).</source>
        <translation>La ventana del cálculo contiene {0} celdas dentro de la entrada; el gradiente no llega a las discontinuas (un peso nulo, un hueco de la dilatación o un máximo del pooling en otro sitio).</translation>
    </message>
</context>
<context>
    <name>Running</name>
    <message>
        <source>Nudging {0} weights, one at a time…</source>
        <extracomment>Rows the check table takes from the worker per poll, so a fast check cannot hold the event loop.</extracomment>
        <translation>Perturbando {0} pesos, uno a uno…</translation>
    </message>
</context>
<context>
    <name>Score</name>
    <message>
        <source>no predictions yet</source>
        <translation>aún no hay predicciones</translation>
    </message>
    <message>
        <source>{0} of {1} right first time ({2}%)</source>
        <translation>{0} de {1} acertadas a la primera ({2} %)</translation>
    </message>
    <message>
        <source>your network</source>
        <translation>tu red</translation>
    </message>
</context>
<context>
    <name>Sections</name>
    <message>
        <source>dL/dI = dL/do ∗ flipped W (full)</source>
        <extracomment>The phrases the engine&apos;s section titles are made of (&quot;Forward · layer 2 (conv): convolution o²&quot;), longest first so that &quot;global average pooling&quot; is not read as &quot;average pooling&quot;.</extracomment>
        <translation>dL/dI = dL/do ∗ W volteado (completa)</translation>
    </message>
    <message>
        <source>global average pooling</source>
        <translation>pooling promedio global</translation>
    </message>
    <message>
        <source>transposed convolution</source>
        <translation>convolución transpuesta</translation>
    </message>
    <message>
        <source>through the pooling</source>
        <translation>a través del pooling</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>error cuadrático medio</translation>
    </message>
    <message>
        <source>normalised value</source>
        <translation>valor normalizado</translation>
    </message>
    <message>
        <source>average pooling</source>
        <translation>pooling promedio</translation>
    </message>
    <message>
        <source>scale and shift</source>
        <translation>escala y desplazamiento</translation>
    </message>
    <message>
        <source>batch variance</source>
        <translation>varianza del lote</translation>
    </message>
    <message>
        <source>cross-entropy</source>
        <translation>entropía cruzada</translation>
    </message>
    <message>
        <source>dense layer</source>
        <translation>capa densa</translation>
    </message>
    <message>
        <source>max pooling</source>
        <translation>max pooling</translation>
    </message>
    <message>
        <source>convolution</source>
        <translation>convolución</translation>
    </message>
    <message>
        <source>through the</source>
        <translation>a través de la</translation>
    </message>
    <message>
        <source>batch mean</source>
        <translation>media del lote</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>activación</translation>
    </message>
    <message>
        <source>Backward</source>
        <translation>Hacia atrás</translation>
    </message>
    <message>
        <source>Forward</source>
        <translation>Hacia delante</translation>
    </message>
    <message>
        <source>flatten</source>
        <translation>aplanado</translation>
    </message>
    <message>
        <source>softmax</source>
        <translation>softmax</translation>
    </message>
    <message>
        <source>Update</source>
        <translation>Actualización</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>capa</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
</context>
<context>
    <name>Session</name>
    <message>
        <source>Iteration {0} is too far back: ConvStudio keeps the weights of the last {1} iterations.</source>
        <extracomment>The change signals, in the order one action emits them (each at most once). Edits that can be undone: each holds two states, so an afternoon of edits stays within bounds.</extracomment>
        <translation>La iteración {0} queda demasiado atrás: ConvStudio conserva los pesos de las últimas {1} iteraciones.</translation>
    </message>
</context>
<context>
    <name>Styling</name>
    <message>
        <source>The slope&apos;s error for each ε: &lt;span style=&apos;color:{0}&apos;&gt;● central (L₊ − L₋)/2ε&lt;/span&gt;, &lt;span style=&apos;color:{1}&apos;&gt;▼ one-sided (L₊ − L)/ε&lt;/span&gt;, &lt;span style=&apos;color:{2}&apos;&gt;● the ε above&lt;/span&gt;. </source>
        <translation>El error de la pendiente para cada ε: &lt;span style=&apos;color:{0}&apos;&gt;● central (L₊ − L₋)/2ε&lt;/span&gt;, &lt;span style=&apos;color:{1}&apos;&gt;▼ unilateral (L₊ − L)/ε&lt;/span&gt;, &lt;span style=&apos;color:{2}&apos;&gt;● el ε de arriba&lt;/span&gt;. </translation>
    </message>
    <message>
        <source>Here the loss is a parabola in this weight, and a parabola&apos;s chords are parallel to its tangent at the middle: the central slope is exact for every ε, and only rounding (growing as 1/ε) remains. The one-sided slope still errs as ε. To see a central chord&apos;s error fall as ε², pick the lesson “Telling horizontal from vertical bars” (its softmax curves the loss).</source>
        <translation>Aquí la pérdida es una parábola en este peso, con cuerdas paralelas a la tangente en el punto medio: la pendiente central es exacta para todo ε y solo queda el redondeo (crece como 1/ε). La unilateral sigue errando como ε. Un error central que cae como ε² se ve en la lección «Distinguir barras horizontales de verticales» (su softmax curva la pérdida).</translation>
    </message>
    <message>
        <source>Too large an ε measures a chord (the error falls as ε², one-sided as ε); too small a one loses the difference in rounding (it grows as 1/ε).</source>
        <translation>Un ε demasiado grande mide una cuerda (el error cae como ε², el unilateral como ε); uno demasiado pequeño pierde la diferencia en el redondeo (que crece como 1/ε).</translation>
    </message>
</context>
<context>
    <name>SweepPlot</name>
    <message>
        <source>nudge ε</source>
        <translation>perturbación ε</translation>
    </message>
    <message>
        <source>|slope − backprop|</source>
        <translation>|pendiente − retropropagación|</translation>
    </message>
</context>
<context>
    <name>TensorCards</name>
    <message>
        <source>Input I</source>
        <extracomment>Room for each card in its column: maps get the most, single numbers the least. Below this a card&apos;s column scrolls rather than squeezing the maps.</extracomment>
        <translation>Entrada I</translation>
    </message>
    <message>
        <source>Filter W</source>
        <translation>Filtro W</translation>
    </message>
    <message>
        <source>Bias b</source>
        <translation>Sesgo b</translation>
    </message>
    <message>
        <source>Output o = I ⋆ W</source>
        <translation>Salida o = I ⋆ W</translation>
    </message>
    <message>
        <source>Activation a</source>
        <translation>Activación a</translation>
    </message>
    <message>
        <source>Pooled p</source>
        <translation>Agrupada p</translation>
    </message>
    <message>
        <source>Dense weights V</source>
        <translation>Pesos densos V</translation>
    </message>
    <message>
        <source>Dense bias c</source>
        <translation>Sesgo denso c</translation>
    </message>
    <message>
        <source>Scores s</source>
        <translation>Puntuaciones s</translation>
    </message>
    <message>
        <source>Probabilities q</source>
        <translation>Probabilidades q</translation>
    </message>
    <message>
        <source>Target t</source>
        <translation>Objetivo t</translation>
    </message>
    <message>
        <source>Labels y</source>
        <translation>Etiquetas y</translation>
    </message>
    <message>
        <source>Loss L</source>
        <translation>Pérdida L</translation>
    </message>
    <message>
        <source>reads</source>
        <translation>lee</translation>
    </message>
    <message>
        <source>writes</source>
        <translation>escribe</translation>
    </message>
    <message>
        <source>gradient of</source>
        <translation>gradiente de</translation>
    </message>
    <message>
        <source>other terms</source>
        <translation>otros términos</translation>
    </message>
</context>
<context>
    <name>TensorPanel</name>
    <message>
        <source>Input</source>
        <translation>Entrada</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parámetros</translation>
    </message>
    <message>
        <source>Outputs</source>
        <translation>Salidas</translation>
    </message>
    <message>
        <source>Layer {0} of {1}: {2}</source>
        <translation>Capa {0} de {1}: {2}</translation>
    </message>
    <message>
        <source>Tensors of the step</source>
        <extracomment>The outputs column lays its cards out two abreast when it has more than this.</extracomment>
        <translation>Tensores del paso</translation>
    </message>
    <message>
        <source>Show the image, filter and channel the current step works on</source>
        <translation>Mostrar la imagen, el filtro y el canal con los que trabaja el paso actual</translation>
    </message>
    <message>
        <source>Which {what} the panels show (↑ and ↓ change it)</source>
        <translation>Lo que muestran los paneles: {what} (↑ y ↓ lo cambian)</translation>
    </message>
    <message>
        <source>not computed</source>
        <translation>sin calcular</translation>
    </message>
    <message>
        <source>Layer {0}&apos;s input gradient is layer {1}&apos;s output gradient: the only way the loss reaches layer {1}.</source>
        <translation>El gradiente de la entrada de la capa {0} es el gradiente de la salida de la capa {1}: el único camino por el que la pérdida llega a la capa {1}.</translation>
    </message>
    <message>
        <source>Crossing into layer {0}</source>
        <translation>Cruce hacia la capa {0}</translation>
    </message>
    <message>
        <source>layer {0}&apos;s input</source>
        <translation>entrada de la capa {0}</translation>
    </message>
    <message>
        <source>layer {0}&apos;s output</source>
        <translation>salida de la capa {0}</translation>
    </message>
    <message>
        <source>Padding: 0, outside the input</source>
        <translation>Relleno: 0, fuera de la entrada</translation>
    </message>
</context>
<context>
    <name>TensorSlices</name>
    <message>
        <source>{0} so far: {1} ({2} of {3} terms)</source>
        <translation>{0} hasta ahora: {1} ({2} de {3} términos)</translation>
    </message>
    <message>
        <source>{0}: term {1} of {2}</source>
        <translation>{0}: término {1} de {2}</translation>
    </message>
    <message>
        <source>{0}: not computed yet</source>
        <translation>{0}: aún sin calcular</translation>
    </message>
</context>
<context>
    <name>ThemeMenu</name>
    <message>
        <source>&amp;Theme</source>
        <translation>&amp;Tema</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Claro</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Oscuro</translation>
    </message>
    <message>
        <source>&amp;High contrast</source>
        <translation>&amp;Alto contraste</translation>
    </message>
</context>
<context>
    <name>TrainingRedraw</name>
    <message>
        <source>training: iteration {0}</source>
        <extracomment>The one-layer network&apos;s parameters, in the order the panel shows them.</extracomment>
        <translation>entrenando: iteración {0}</translation>
    </message>
</context>
<context>
    <name>TrainingStatus</name>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Training finished</source>
        <translation>Entrenamiento terminado</translation>
    </message>
    <message>
        <source>Training cancelled</source>
        <translation>Entrenamiento cancelado</translation>
    </message>
    <message>
        <source>Training stopped</source>
        <translation>Entrenamiento detenido</translation>
    </message>
    <message>
        <source> after iteration {0} (loss {1})</source>
        <translation> tras la iteración {0} (pérdida {1})</translation>
    </message>
</context>
<context>
    <name>TransposedView</name>
    <message>
        <source>Show the stamp of the dL/do cell the current backward step computes or reads</source>
        <translation>Mostrar el sello de la celda de dL/do que calcula o lee el paso hacia atrás actual</translation>
    </message>
    <message>
        <source>Which {what} to show</source>
        <translation>Qué se muestra: {what}</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Fila</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>Columna</translation>
    </message>
    <message>
        <source>dL/do cell&apos;s row</source>
        <translation>Fila de la celda de dL/do</translation>
    </message>
    <message>
        <source>dL/do cell&apos;s column</source>
        <translation>Columna de la celda de dL/do</translation>
    </message>
    <message>
        <source>dL/do, the transposed convolution&apos;s input</source>
        <translation>dL/do, la entrada de la convolución transpuesta</translation>
    </message>
    <message>
        <source>The picked dL/do cell&apos;s stamp on the output grid</source>
        <translation>El sello de la celda elegida de dL/do sobre la rejilla de salida</translation>
    </message>
    <message>
        <source>The transposed convolution&apos;s output</source>
        <translation>La salida de la convolución transpuesta</translation>
    </message>
    <message>
        <source>The convolution&apos;s dL/dI</source>
        <translation>El dL/dI de la convolución</translation>
    </message>
    <message>
        <source>Kernel taps landing on each output cell</source>
        <translation>Tomas del núcleo que caen en cada celda de salida</translation>
    </message>
    <message>
        <source>This network has no conv or conv_transpose layer: there is no convolution whose input gradient could be shown as a transposed convolution.</source>
        <translation>Esta red no tiene ninguna capa conv ni conv_transpose: no hay ninguna convolución cuyo gradiente de la entrada pueda mostrarse como convolución transpuesta.</translation>
    </message>
    <message>
        <source>Input {0}</source>
        <translation>Entrada {0}</translation>
    </message>
    <message>
        <source>Output {0}</source>
        <translation>Salida {0}</translation>
    </message>
    <message>
        <source>Conv&apos;s dL/dI</source>
        <translation>dL/dI de la convolución</translation>
    </message>
    <message>
        <source>{0}, the input</source>
        <translation>{0}, la entrada</translation>
    </message>
    <message>
        <source>{0}, the trace&apos;s</source>
        <translation>{0}, el de la traza</translation>
    </message>
    <message>
        <source>{0}, the backward&apos;s</source>
        <translation>{0}, el de la pasada hacia atrás</translation>
    </message>
    <message>
        <source>dL/do, the input</source>
        <translation>dL/do, la entrada</translation>
    </message>
    <message>
        <source>Stamp of {0}</source>
        <translation>Sello de {0}</translation>
    </message>
    <message>
        <source>{0} × W, placed with its top left at row {1}, column {2}</source>
        <translation>{0} × W, con su esquina superior izquierda en la fila {1}, columna {2}</translation>
    </message>
    <message>
        <source>Sum of the stamps</source>
        <translation>Suma de los sellos</translation>
    </message>
    <message>
        <source>dL/dI, the trace&apos;s</source>
        <translation>dL/dI, el de la traza</translation>
    </message>
    <message>
        <source>dL/dI, the backward&apos;s</source>
        <translation>dL/dI, el de la pasada hacia atrás</translation>
    </message>
    <message>
        <source>Taps per cell</source>
        <translation>Tomas por celda</translation>
    </message>
    <message>
        <source>dL/dI, the full convolution of dL/do with the flipped W, is the transposed convolution of dL/do by the same W: each dL/do cell stamps the kernel, times its value, at (i·{0} − {1}, j·{2} − {3}), and the stamps add up.</source>
        <translation>dL/dI, la convolución completa de dL/do con el W volteado, es la convolución transpuesta de dL/do con el mismo W: cada celda de dL/do estampa el núcleo, por su valor, en (i·{0} − {1}, j·{2} − {3}), y los sellos se suman.</translation>
    </message>
    <message>
        <source>It equals the convolution&apos;s dL/dI cell for cell: the largest difference is {0:.3g}.</source>
        <translation>Coincide celda a celda con el dL/dI de la convolución: la mayor diferencia es {0:.3g}.</translation>
    </message>
    <message>
        <source>This run diverged: its gradients are no longer finite numbers, so the two sides cannot be compared. Undo, or lower the learning rate and reset.</source>
        <translation>Esta ejecución divergió: sus gradientes ya no son números finitos, así que los dos lados no se pueden comparar. Deshaz, o baja la tasa de aprendizaje y reinicia.</translation>
    </message>
    <message>
        <source>From {0} to {1} taps land on a cell: where the kernel size is not a multiple of the stride, the stamps overlap unevenly (the checkerboard).</source>
        <translation>Entre {0} y {1} tomas caen en una celda: donde el tamaño del núcleo no es múltiplo del paso, los sellos se solapan de forma desigual (el tablero de ajedrez).</translation>
    </message>
    <message>
        <source>Show the input gradient to step through dL/dI in the trace.</source>
        <translation>Muestra el gradiente de la entrada para recorrer dL/dI en la traza.</translation>
    </message>
    <message>
        <source>Layer {0} (conv), as the backward pass sees it.</source>
        <translation>Capa {0} (conv), tal como la ve la pasada hacia atrás.</translation>
    </message>
    <message>
        <source>Layer {0} (conv_transpose) computes {1} from {2} as a convolution from {3} channel(s) to {4} with the same W sends its output gradient back to its input: each cell of {2} stamps the kernel, times its value, at (i·{5} − {6}, j·{7} − {8}), and the stamps add up.</source>
        <translation>La capa {0} (conv_transpose) calcula {1} a partir de {2} igual que una convolución de {3} canal(es) a {4} con el mismo W devuelve su gradiente de la salida a su entrada: cada celda de {2} estampa el núcleo, multiplicado por su valor, en (i·{5} − {6}, j·{7} − {8}), y los sellos se suman.</translation>
    </message>
    <message>
        <source>The convolution&apos;s dL/dI, with {0} as its dL/do, equals the layer&apos;s output cell for cell: the largest difference is {1:.3g}.</source>
        <translation>El dL/dI de la convolución, con {0} como su dL/do, es igual a la salida de la capa celda a celda: la mayor diferencia es {1:.3g}.</translation>
    </message>
    <message>
        <source>This run diverged: its values are no longer finite numbers, so the two sides cannot be compared. Undo, or lower the learning rate and reset.</source>
        <translation>Esta ejecución divergió: sus valores ya no son números finitos, así que los dos lados no se pueden comparar. Deshaz, o baja la tasa de aprendizaje y reinicia.</translation>
    </message>
    <message>
        <source>Dilation {0}×{1}: the {2}×{3} kernel spreads to {4}×{5} with zeros between its taps.</source>
        <translation>Dilatación {0}×{1}: el núcleo de {2}×{3} se extiende a {4}×{5} con ceros entre sus tomas.</translation>
    </message>
    <message>
        <source>rows</source>
        <translation>filas</translation>
    </message>
    <message>
        <source>columns</source>
        <translation>columnas</translation>
    </message>
    <message>
        <source>Output size, {0}</source>
        <translation>Tamaño de salida, {0}</translation>
    </message>
    <message>
        <source>output_padding {0}×{1} gives back what the convolution&apos;s floor division dropped.</source>
        <translation>output_padding {0}×{1} devuelve lo que la división entera de la convolución descartó.</translation>
    </message>
</context>
<context>
    <name>Unrolled</name>
    <message>
        <source>its input is the image {0}</source>
        <translation>su entrada es la imagen {0}</translation>
    </message>
    <message>
        <source>its input I{0} is {1}, the output of the layer below</source>
        <translation>su entrada I{0} es {1}, la salida de la capa inferior</translation>
    </message>
    <message>
        <source>Layer {0} (conv), filters {1}: {2}.</source>
        <translation>Capa {0} (conv), filtros {1}: {2}.</translation>
    </message>
</context>
<context>
    <name>UnrolledView</name>
    <message>
        <source>Show the row, filter and weight the current step works on</source>
        <extracomment>The view&apos;s filter, channel and image, as the pickers&apos; letters.</extracomment>
        <translation>Mostrar la fila, el filtro y el peso con los que trabaja el paso actual</translation>
    </message>
    <message>
        <source>Which {what} the matrix is for</source>
        <translation>Para qué elemento ({what}) es la matriz</translation>
    </message>
    <message>
        <source>Padding columns</source>
        <translation>Columnas de relleno</translation>
    </message>
    <message>
        <source>One column per cell of the zero-padded image (taps on the padding multiply a zero), or only the image&apos;s own cells (those taps are left out)</source>
        <translation>Una columna por celda de la imagen rellenada con ceros (las tomas sobre el relleno multiplican un cero), o solo las celdas propias de la imagen (esas tomas se omiten)</translation>
    </message>
    <message>
        <source>Colour the entries by</source>
        <translation>Colorear las entradas por</translation>
    </message>
    <message>
        <source>Colour: weights W</source>
        <translation>Color: pesos W</translation>
    </message>
    <message>
        <source>Colour: dL/dM = dL/do · vec(I)ᵀ</source>
        <translation>Color: dL/dM = dL/do · vec(I)ᵀ</translation>
    </message>
    <message>
        <source>Colour the entries by the weight they hold, or by the gradient a free dense layer would get: the outer product of dL/do and vec(I)</source>
        <translation>Colorear las entradas por el peso que contienen o por el gradiente que recibiría una capa densa libre: el producto exterior de dL/do y vec(I)</translation>
    </message>
    <message>
        <source>Smaller entries (Ctrl + wheel)</source>
        <translation>Entradas más pequeñas (Ctrl + rueda)</translation>
    </message>
    <message>
        <source>Larger entries (Ctrl + wheel)</source>
        <translation>Entradas más grandes (Ctrl + rueda)</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Ajustar</translation>
    </message>
    <message>
        <source>The whole matrix in view</source>
        <translation>Toda la matriz a la vista</translation>
    </message>
</context>
<context>
    <name>Words</name>
    <message>
        <source>The backward pass&apos;s dL/dW has {0} here.</source>
        <translation>El dL/dW de la pasada hacia atrás vale {0} aquí.</translation>
    </message>
    <message>
        <source>This cell is padding, not part of the input: its gradient is cropped away.</source>
        <translation>Esta celda es relleno, no parte de la entrada: su gradiente se recorta.</translation>
    </message>
    <message>
        <source>The backward pass&apos;s dL/dI has {0} here.</source>
        <translation>El dL/dI de la pasada hacia atrás vale {0} aquí.</translation>
    </message>
    <message>
        <source>The forward pass&apos;s o has {0} here.</source>
        <translation>La o de la pasada hacia delante vale {0} aquí.</translation>
    </message>
    <message>
        <source>&lt;b&gt;dL/dW = I ⋆ dL/do&lt;/b&gt;: dL/do slides over the input like a filter. At each position its values times the input cells they meet add up to one dL/dW&lt;sub&gt;mn&lt;/sub&gt;.</source>
        <translation>&lt;b&gt;dL/dW = I ⋆ dL/do&lt;/b&gt;: dL/do se desliza sobre la entrada como un filtro. En cada posición sus valores por las celdas de entrada que encuentran suman un dL/dW&lt;sub&gt;mn&lt;/sub&gt;.</translation>
    </message>
    <message>
        <source>puts zeros between the dL/do values</source>
        <translation>pone ceros entre los valores de dL/do</translation>
    </message>
    <message>
        <source>moves it {0} cells a position</source>
        <translation>lo mueve {0} celdas por posición</translation>
    </message>
    <message>
        <source>values that meet the padding meet zeros</source>
        <translation>los valores que encuentran el relleno encuentran ceros</translation>
    </message>
    <message>
        <source>the sum runs over the {0} images too</source>
        <translation>la suma recorre también las {0} imágenes</translation>
    </message>
    <message>
        <source>&lt;b&gt;dL/dI = dL/do ∗ W&lt;/b&gt;, the full convolution: W, flipped, slides over dL/do in a border of zeros. Each position gives the gradient of one cell of the input.</source>
        <translation>&lt;b&gt;dL/dI = dL/do ∗ W&lt;/b&gt;, la convolución completa: W, volteado, se desliza sobre dL/do en un borde de ceros. Cada posición da el gradiente de una celda de la entrada.</translation>
    </message>
    <message>
        <source>spreads the taps</source>
        <translation>separa las tomas</translation>
    </message>
    <message>
        <source>positions outside the frame are the padding&apos;s gradients, cropped away</source>
        <translation>las posiciones fuera del marco son los gradientes del relleno, recortados</translation>
    </message>
    <message>
        <source>the sum runs over the {0} filters too</source>
        <translation>la suma recorre también los {0} filtros</translation>
    </message>
    <message>
        <source>&lt;b&gt;o = I ⋆ W&lt;/b&gt;: networks compute a cross-correlation (the filter as it is). The convolution of mathematics, I ∗ W = I ⋆ flip(W), turns the filter half a turn first.</source>
        <translation>&lt;b&gt;o = I ⋆ W&lt;/b&gt;: las redes calculan una correlación cruzada (el filtro tal cual). La convolución de las matemáticas, I ∗ W = I ⋆ flip(W), gira antes el filtro media vuelta.</translation>
    </message>
    <message>
        <source>moves the filter {0} cells a position</source>
        <translation>mueve el filtro {0} celdas por posición</translation>
    </message>
    <message>
        <source>spreads its taps</source>
        <translation>separa sus tomas</translation>
    </message>
    <message>
        <source>taps on the padding meet zeros</source>
        <translation>las tomas sobre el relleno encuentran ceros</translation>
    </message>
    <message>
        <source>the sum runs over the {0} channels too</source>
        <translation>la suma recorre también los {0} canales</translation>
    </message>
    <message>
        <source>stride {0} {1}</source>
        <translation>paso {0} {1}</translation>
    </message>
    <message>
        <source>dilation {0} {1}</source>
        <translation>dilatación {0} {1}</translation>
    </message>
    <message>
        <source>padding: 0</source>
        <translation>relleno: 0</translation>
    </message>
    <message>
        <source>border: 0 (the full convolution lets the filter hang over dL/do)</source>
        <translation>borde: 0 (la convolución completa deja que el filtro sobresalga de dL/do)</translation>
    </message>
    <message>
        <source>an inserted zero (stride)</source>
        <translation>un cero insertado (paso)</translation>
    </message>
    <message>
        <source>no tap here: dilation spreads the taps</source>
        <translation>aquí no hay toma: la dilatación separa las tomas</translation>
    </message>
    <message>
        <source>{0}: not reached yet</source>
        <translation>{0}: aún no alcanzado</translation>
    </message>
    <message>
        <source>Point at the map to read the loss there; drag to move it, scroll to zoom.</source>
        <translation>Señala el mapa para leer allí la pérdida; arrastra para moverlo, usa la rueda para hacer zoom.</translation>
    </message>
    <message>
        <source>The loss overflows everywhere on this map: the weights are too large.</source>
        <translation>La pérdida desborda en todo este mapa: los pesos son demasiado grandes.</translation>
    </message>
    <message>
        <source>The loss overflows on {0} of the map (inf: top colour, NaN: blank).</source>
        <translation>La pérdida desborda en el {0} del mapa (inf: color superior, NaN: en blanco).</translation>
    </message>
    <message>
        <source>The loss is the same everywhere on this map: these two weights do not change it here (a dead filter, or other weights so large that a change this small is lost in rounding).</source>
        <translation>La pérdida es igual en todo este mapa: estos dos pesos no la cambian aquí (un filtro muerto, u otros pesos tan grandes que un cambio tan pequeño se pierde en el redondeo).</translation>
    </message>
    <message>
        <source>: there the loss had grown more than {0}-fold</source>
        <translation>: allí la pérdida había crecido más de {0} veces</translation>
    </message>
    <message>
        <source>{0} point(s) of the path are off the map{1}. The arrows show where the path leaves it.</source>
        <translation>{0} punto(s) de la trayectoria están fuera del mapa{1}. Las flechas muestran por dónde sale del mapa.</translation>
    </message>
    <message>
        <source>The current point, {0} = {1}, {2} = {3}, is off the map.</source>
        <translation>El punto actual, {0} = {1}, {2} = {3}, está fuera del mapa.</translation>
    </message>
    <message>
        <source>none</source>
        <extracomment>How an option of a setting is named (the engine&apos;s value: its words), e.g. in the network editor.</extracomment>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>sigmoid</source>
        <translation>sigmoide</translation>
    </message>
    <message>
        <source>tanh</source>
        <translation>tanh</translation>
    </message>
    <message>
        <source>max</source>
        <translation>máx</translation>
    </message>
    <message>
        <source>average</source>
        <translation>media</translation>
    </message>
    <message>
        <source>global average</source>
        <translation>media global</translation>
    </message>
    <message>
        <source>flatten + dense</source>
        <translation>aplanar + densa</translation>
    </message>
    <message>
        <source>mean squared error</source>
        <translation>error cuadrático medio</translation>
    </message>
    <message>
        <source>softmax cross-entropy</source>
        <translation>entropía cruzada softmax</translation>
    </message>
    <message>
        <source>height</source>
        <extracomment>How a setting of the network is named in a sentence (the Spec&apos;s field: its words).</extracomment>
        <translation>alto</translation>
    </message>
    <message>
        <source>width</source>
        <translation>ancho</translation>
    </message>
    <message>
        <source>channels</source>
        <translation>canales</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>lote</translation>
    </message>
    <message>
        <source>filters</source>
        <translation>filtros</translation>
    </message>
    <message>
        <source>filter size</source>
        <translation>tamaño del filtro</translation>
    </message>
    <message>
        <source>stride</source>
        <translation>paso</translation>
    </message>
    <message>
        <source>padding</source>
        <translation>relleno</translation>
    </message>
    <message>
        <source>dilation</source>
        <translation>dilatación</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>sesgo</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>activación</translation>
    </message>
    <message>
        <source>pooling</source>
        <translation>pooling</translation>
    </message>
    <message>
        <source>pooling window</source>
        <translation>ventana del pooling</translation>
    </message>
    <message>
        <source>pooling stride</source>
        <translation>paso del pooling</translation>
    </message>
    <message>
        <source>head</source>
        <translation>cabeza</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>clases</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>learning rate η</source>
        <translation>tasa de aprendizaje η</translation>
    </message>
    <message>
        <source>momentum μ</source>
        <translation>momento μ</translation>
    </message>
    <message>
        <source>conv</source>
        <extracomment>How a layer type of the network contract is named on a box of the network strip, in a picker.</extracomment>
        <translation>conv</translation>
    </message>
    <message>
        <source>transposed conv</source>
        <translation>conv transpuesta</translation>
    </message>
    <message>
        <source>max pool</source>
        <translation>max pooling</translation>
    </message>
    <message>
        <source>avg pool</source>
        <translation>pooling medio</translation>
    </message>
    <message>
        <source>global avg pool</source>
        <translation>pooling medio global</translation>
    </message>
    <message>
        <source>batch norm</source>
        <translation>normalización por lotes</translation>
    </message>
    <message>
        <source>flatten</source>
        <translation>aplanado</translation>
    </message>
    <message>
        <source>dense</source>
        <translation>densa</translation>
    </message>
    <message>
        <source>start</source>
        <extracomment>How a phase of an iteration is named in the window (the section&apos;s phase: its words).</extracomment>
        <translation>inicio</translation>
    </message>
    <message>
        <source>forward</source>
        <translation>hacia delante</translation>
    </message>
    <message>
        <source>backward</source>
        <translation>hacia atrás</translation>
    </message>
    <message>
        <source>update</source>
        <translation>actualización</translation>
    </message>
    <message>
        <source>term</source>
        <extracomment>How a unit of stepping is named in the Step by picker (the cursor&apos;s unit: its words).</extracomment>
        <translation>término</translation>
    </message>
    <message>
        <source>element</source>
        <translation>elemento</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>capa</translation>
    </message>
    <message>
        <source>phase</source>
        <translation>fase</translation>
    </message>
    <message>
        <source>iteration</source>
        <translation>iteración</translation>
    </message>
    <message>
        <source>one per cell of the {0}×{1} image in its zero padding ({2}×{3})</source>
        <translation>una por celda de la imagen de {0}×{1} en su relleno de ceros ({2}×{3})</translation>
    </message>
    <message>
        <source>one per cell of the {0}×{1} image</source>
        <translation>una por celda de la imagen de {0}×{1}</translation>
    </message>
    <message>
        <source>filter {0}</source>
        <translation>filtro {0}</translation>
    </message>
    <message>
        <source>channel {0}</source>
        <translation>canal {0}</translation>
    </message>
    <message>
        <source>Filter{0}: click a weight</source>
        <translation>Filtro{0}: haz clic en un peso</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;o = M · vec(I)&lt;/b&gt;: M has {0} rows, one per output o&lt;sub&gt;ij&lt;/sub&gt;, and {1} columns, {2}. A dense layer would have {3} free weights here; the convolution has {4}, each tied to up to {0} places.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;o = M · vec(I)&lt;/b&gt;: M tiene {0} filas, una por salida o&lt;sub&gt;ij&lt;/sub&gt;, y {1} columnas, {2}. Una capa densa tendría aquí {3} pesos libres; la convolución tiene {4}, cada uno compartido en hasta {0} lugares.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;With {0} channels, o = {1}: this is M&lt;sub&gt;{2}&lt;/sub&gt;.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Con {0} canales, o = {1}: esta es M&lt;sub&gt;{2}&lt;/sub&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;With a bias, o = M · vec(I) + b.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Con un sesgo, o = M · vec(I) + b.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Backprop through a dense layer gives &lt;b&gt;dL/dM = dL/do · vec(I)ᵀ&lt;/b&gt;, a number for every entry. Tying keeps only the entries that hold a weight and adds them up per weight: dL/dW&lt;sub&gt;mn&lt;/sub&gt; = Σ dL/dM over the places W&lt;sub&gt;mn&lt;/sub&gt; sits.&lt;/p&gt;</source>
        <translation>&lt;p&gt;La retropropagación a través de una capa densa da &lt;b&gt;dL/dM = dL/do · vec(I)ᵀ&lt;/b&gt;, un número por cada entrada. Compartir los pesos conserva solo las entradas que contienen un peso y las suma por peso: dL/dW&lt;sub&gt;mn&lt;/sub&gt; = Σ dL/dM sobre los lugares donde está W&lt;sub&gt;mn&lt;/sub&gt;.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The strips show image {0}; dL/dW adds the same sum over all {1} images.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Las tiras muestran la imagen {0}; dL/dW suma la misma suma sobre las {1} imágenes.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>past the largest number a float holds: the weights have blown up</source>
        <translation>más allá del mayor número que cabe en un float: los pesos han explotado</translation>
    </message>
    <message>
        <source>the same number</source>
        <translation>el mismo número</translation>
    </message>
    <message>
        <source>they differ by {0}: the same terms, added in another order</source>
        <translation>difieren en {0}: los mismos términos, sumados en otro orden</translation>
    </message>
    <message>
        <source> ({0} of them on the padding, where it meets a 0)</source>
        <translation> ({0} de ellos sobre el relleno, donde encuentra un 0)</translation>
    </message>
    <message>
        <source>; the sum runs over them in each of the {0} images</source>
        <translation>; la suma los recorre en cada una de las {0} imágenes</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; ({1} in M) sits in {2} places{3}{4}:&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;{0}&lt;/b&gt; ({1} en M) está en {2} lugares{3}{4}:&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{0} = Σ dL/dM over them = {1}&lt;br&gt;</source>
        <translation>&lt;p&gt;{0} = Σ dL/dM sobre ellos = {1}&lt;br&gt;</translation>
    </message>
    <message>
        <source>&amp;nbsp;&amp;nbsp;= &lt;b&gt;{0}&lt;/b&gt;; backprop&apos;s {1} = &lt;b&gt;{2}&lt;/b&gt; ({3}).&lt;/p&gt;</source>
        <translation>&amp;nbsp;&amp;nbsp;= &lt;b&gt;{0}&lt;/b&gt;; el {1} de la retropropagación = &lt;b&gt;{2}&lt;/b&gt; ({3}).&lt;/p&gt;</translation>
    </message>
    <message>
        <source> (this channel&apos;s part)</source>
        <translation> (la parte de este canal)</translation>
    </message>
    <message>
        <source>&lt;p&gt;Row {0} of {1}{2} = {3} = &lt;b&gt;{4}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Fila {0} de {1}{2} = {3} = &lt;b&gt;{4}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
</context>
</TS>
