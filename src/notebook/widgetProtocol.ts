import { VERSION } from "../version.js";

/**
 * The Jupyter widget protocol (version 2.1, as ipywidgets 8 and
 * JupyterLab's widget manager speak it) as lmdiff uses it: the kernel opens
 * a comm on target "jupyter.widget" with the model's whole state, displays
 * the model by id, and sends "update" messages when a property changes.
 * Both sides (the kernel's ViewWidget and the JupyterLab extension's model
 * and view) read these names from here.
 */
export const WIDGET_PROTOCOL_VERSION = "2.1.0";
export const WIDGET_TARGET = "jupyter.widget";
export const WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json";
/** The module JupyterLab's widget registry knows lmdiff's classes under, at this package's version. */
export const WIDGET_MODULE = "lmdiff";
export const WIDGET_MODULE_VERSION = VERSION;
export const WIDGET_MODEL = "LmdiffViewModel";
export const WIDGET_VIEW = "LmdiffViewWidget";

/** The state keys that name the widget's model and view classes, as the widget manager looks them up. */
export const WIDGET_CLASS_STATE = {
  _model_name: WIDGET_MODEL,
  _model_module: WIDGET_MODULE,
  _model_module_version: WIDGET_MODULE_VERSION,
  _view_name: WIDGET_VIEW,
  _view_module: WIDGET_MODULE,
  _view_module_version: WIDGET_MODULE_VERSION,
} as const;
