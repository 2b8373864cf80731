"""What the bundle leaves out: the lists and the file filter the spec applies (tested on their own).

ConvStudio uses Qt's Core, Gui, Widgets and Svg, and pyqtgraph for plots. Everything else the
installed packages bring (about 55 MB of Qt modules, plugins, translations and optional back ends)
stays out. Paths are matched with forward slashes and without platform suffixes, so one list serves
Linux (.so), Windows (.dll) and macOS (.dylib, .framework).
"""

from __future__ import annotations

#: Python modules never imported. pyqtgraph 0.14 imports QtOpenGL and QtOpenGLWidgets at start, so
#: those stay; QtSvg stays for the icon and SVG export. A test checks that ConvStudio imports none.
EXCLUDES = [
    "PySide6.QtNetwork", "PySide6.QtDBus", "PySide6.QtTest", "PySide6.QtQml", "PySide6.QtQuick",
    "PySide6.QtQuickWidgets", "PySide6.QtQuickControls2", "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets", "PySide6.QtMultimedia", "PySide6.QtMultimediaWidgets",
    "PySide6.Qt3DCore", "PySide6.QtSql", "PySide6.QtXml", "PySide6.QtPrintSupport",
    "PySide6.QtDesigner", "PySide6.QtUiTools", "PySide6.QtHelp", "PySide6.QtConcurrent",
    "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtBluetooth", "PySide6.QtPdf",
    "PySide6.QtPositioning", "PySide6.QtSerialPort", "PySide6.QtStateMachine",
    "pyqtgraph.opengl", "pyqtgraph.examples", "pyqtgraph.jupyter", "pyqtgraph.canvas",
    "matplotlib", "scipy", "h5py", "cupy", "numba", "pandas", "PIL", "IPython", "jupyter_rfb",
    "tkinter", "unittest", "sqlite3", "ssl", "_ssl", "_hashlib", "readline", "asyncio", "setuptools",
    "pip", "pytest", "hypothesis", "torch", "mypy", "ruff", "build", "distutils", "lib2to3", "xmlrpc",
    "ftplib", "http.server",
]  # fmt: skip

#: Qt plugins kept (any other plugin goes): the xcb and offscreen platforms (Windows and Cocoa on
#: those systems) and xcb's GL integration; the compose input context, without which dead keys type
#: nothing in a real X11 window; JPEG and GIF readers (PNG and BMP are built into QtGui); SVG for
#: the icon.
KEEP_PLUGINS = (
    "platforms/libqxcb", "platforms/qxcb", "platforms/libqoffscreen", "platforms/qoffscreen",
    "platforms/qwindows", "platforms/libqcocoa", "xcbglintegrations/",
    "platforminputcontexts/libcomposeplatforminputcontextplugin",
    "imageformats/libqjpeg", "imageformats/qjpeg", "imageformats/libqgif", "imageformats/qgif",
    "imageformats/libqsvg", "imageformats/qsvg", "iconengines/",
)  # fmt: skip

#: Qt libraries of the modules left out (their Python modules are gone; the libraries would stay).
#: On macOS they are frameworks: Qt6Network is QtNetwork.framework.
DROP_LIBS = (
    "Qt6Network", "Qt6Qml", "Qt6Quick", "Qt6Pdf", "Qt6VirtualKeyboard", "Qt6WebEngine", "Qt6Multimedia",
    "Qt6Sql", "Qt6Test", "Qt6Designer", "Qt6Help", "Qt6Concurrent", "Qt6PrintSupport", "Qt6Xml",
    "Qt6StateMachine", "Qt6Charts", "Qt6DataVisualization", "Qt6Positioning", "Qt6Bluetooth",
    "Qt6SerialPort", "Qt63D", "Qt6ShaderTools", "Qt6QuickControls2", "Qt6QmlModels", "Qt6QmlMeta",
    "Qt6WlShellIntegration", "Qt6EglFSDeviceIntegration", "Qt6EglFsKmsSupport",
    "Qt6QmlWorkerScript", "Qt6Wayland",
)  # fmt: skip

#: Other files never read: CPython's East Asian codecs (ConvStudio reads and writes UTF-8 only),
#: pyqtgraph's own application logo (only its mkQApp() uses it), and our Windows and macOS icons
#: (built into the executable and the .app, not read at run time).
DROP_FILES = (
    "/_codecs_cn.", "/_codecs_hk.", "/_codecs_iso2022.", "/_codecs_jp.", "/_codecs_kr.", "/_codecs_tw.",
    "/_multibytecodec.", "/pyqtgraph/icons/peegee/", "/icons/convstudio.ico", "/icons/convstudio.icns",
    "/convstudio/resources/screenshots/",  # the README's pictures
)  # fmt: skip


def wanted(dest: str) -> bool:
    """Whether a file the analysis collected (its path inside the bundle) belongs in the bundle."""
    path = "/" + dest.replace("\\", "/")
    if path.startswith("/convstudio/resources/translations/"):
        return path.endswith(".qm")  # ConvStudio's languages and Qt's own for them; not the .ts sources
    if "/translations/" in path or path.endswith(".qm"):
        return False
    if "/plugins/" in path:
        return any(keep in path for keep in KEEP_PLUGINS)
    if any(part in path for part in DROP_FILES):
        return False
    name = path.rsplit("/", 1)[-1]
    frameworks = [part for part in path.split("/") if part.endswith(".framework")]
    for lib in DROP_LIBS:
        if lib in name or any(part.startswith("Qt" + lib[3:]) for part in frameworks):
            return False
    return True
