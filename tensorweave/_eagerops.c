/* tensorweave._eagerops: the base class of eager tensors, whose + - * / of two float eager
 * tensors of one dtype call NumPy's ufunc from C.
 *
 * Optional: setup.py builds it where a C compiler is found; without it (or with
 * TENSORWEAVE_CEXT=0) eager.py's Python operators do the same (see eager._fast_operator,
 * whose rules this file follows line for line). What it saves is the Python frame of an
 * operator method: W4's chain of 100 ops on a (4,) vector took 49 us through the Python
 * method, 28 so, against NumPy's 25 op by op.
 *
 * EagerBase holds ``_value`` (a NumPy array) and ``_dtype`` (a tensorweave DType) in C
 * fields, read from Python as attributes. Its number slots take the fast path when both
 * operands are exactly the class given to ``setup`` (EagerTensor), ``fast[0]`` is True
 * (context._fast: eager mode, no graph being built, no tape recording), both dtypes are the
 * same object and one of the float dtypes. Anything else, and a ufunc call that raises one
 * of the ``quiet`` errors (shapes that do not broadcast), goes to the generic Python operator
 * of tensorweave's Tensor: the left operand's ``__add__`` when it is an eager tensor, else
 * the right one's ``__radd__``.
 *
 * Quiet, as TF and the general path are (``x / 0`` gives inf without a warning, whatever
 * NumPy's error settings): the ufunc runs in a context of the calling thread's own in which
 * NumPy's error state (a context variable since NumPy 2) ignores everything, made once per
 * thread by ``make_quiet`` and kept in the thread's state dict; entering and leaving it
 * only swaps the thread's current context. (Should the thread be in it already, the
 * general path serves.)
 *
 * Operands: as the Python methods are bound to an eager tensor of any subclass and take the
 * fast path for an ``other`` that is exactly EagerTensor, the fast path here needs one
 * operand exactly EagerTensor and the other an EagerBase; the result is an EagerTensor.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    PyObject *value;
    PyObject *dtype;
} EagerBase;

enum { ADD, SUB, MUL, DIV, N_OPS };

static struct {
    PyObject *ufunc;     /* np.add ... */
    PyObject *generic;   /* Tensor.__add__ ... */
    PyObject *reflected; /* Tensor.__radd__ ... */
} ops[N_OPS];

static PyTypeObject *eager_type = NULL; /* EagerTensor, exactly */
static PyObject *fast = NULL;           /* context._fast: a list of one bool */
static PyObject *floats = NULL;         /* the float DTypes (a tuple) */
static PyObject *quiet = NULL;          /* (ValueError, ArithmeticError, RuntimeWarning) */
static PyObject *make_quiet = NULL;     /* () -> a contextvars.Context: errors ignored */
static PyObject *quiet_key = NULL;      /* its key in each thread's state dict */
static PyObject *asarray = NULL;        /* np.asarray */
static PyTypeObject *ndarray = NULL;    /* np.ndarray */

static PyTypeObject EagerBaseType;

static int is_float(PyObject *dtype) {
    Py_ssize_t n = PyTuple_GET_SIZE(floats);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyTuple_GET_ITEM(floats, i) == dtype) {
            return 1;
        }
    }
    return 0;
}

/* This thread's quiet context (borrowed: its state dict holds it), made on first use. */
static PyObject *thread_quiet_context(void) {
    PyObject *dict = PyThreadState_GetDict();
    if (dict == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "no thread state dict");
        return NULL;
    }
    PyObject *context = PyDict_GetItemWithError(dict, quiet_key);
    if (context != NULL || PyErr_Occurred()) {
        return context;
    }
    context = PyObject_CallNoArgs(make_quiet);
    if (context == NULL) {
        return NULL;
    }
    if (!PyContext_CheckExact(context)) {
        Py_DECREF(context);
        PyErr_SetString(PyExc_TypeError, "make_quiet must return a contextvars.Context");
        return NULL;
    }
    int failed = PyDict_SetItem(dict, quiet_key, context);
    Py_DECREF(context);
    return failed ? NULL : context;
}

static PyObject *generic(PyObject *a, PyObject *b, int op) {
    if (PyObject_TypeCheck(a, &EagerBaseType)) {
        return PyObject_CallFunctionObjArgs(ops[op].generic, a, b, NULL);
    }
    return PyObject_CallFunctionObjArgs(ops[op].reflected, b, a, NULL);
}

static PyObject *binary(PyObject *a, PyObject *b, int op) {
    if (eager_type == NULL) { /* setup was not called (the Python operators serve) */
        Py_RETURN_NOTIMPLEMENTED;
    }
    if (((Py_TYPE(a) == eager_type && PyObject_TypeCheck(b, &EagerBaseType)) ||
         (Py_TYPE(b) == eager_type && PyObject_TypeCheck(a, &EagerBaseType))) &&
            PyList_GET_ITEM(fast, 0) == Py_True) {
        EagerBase *x = (EagerBase *)a, *y = (EagerBase *)b;
        if (x->value != NULL && y->value != NULL && x->dtype != NULL &&
                x->dtype == y->dtype && is_float(x->dtype)) {
            PyObject *context = thread_quiet_context();
            if (context == NULL) {
                return NULL;
            }
            if (PyContext_Enter(context) < 0) { /* in it already */
                PyErr_Clear();
                return generic(a, b, op);
            }
            /* own references: code the ufunc runs (an object array's) may change a, b */
            PyObject *dtype = Py_NewRef(x->dtype);
            PyObject *args[2] = {Py_NewRef(x->value), Py_NewRef(y->value)};
            PyObject *r = PyObject_Vectorcall(ops[op].ufunc, args, 2, NULL);
            Py_DECREF(args[0]);
            Py_DECREF(args[1]);
            if (PyContext_Exit(context) < 0) {
                Py_XDECREF(r);
                Py_DECREF(dtype);
                return NULL;
            }
            if (r == NULL) {
                Py_DECREF(dtype);
                if (!PyErr_ExceptionMatches(quiet)) {
                    return NULL;
                }
                PyErr_Clear();
                return generic(a, b, op);
            }
            if (Py_TYPE(r) != ndarray) { /* 0-d: NumPy gives a scalar */
                PyObject *arr = PyObject_CallOneArg(asarray, r);
                Py_DECREF(r);
                if (arr == NULL) {
                    Py_DECREF(dtype);
                    return NULL;
                }
                r = arr;
            }
            EagerBase *t = (EagerBase *)eager_type->tp_alloc(eager_type, 0);
            if (t == NULL) {
                Py_DECREF(r);
                Py_DECREF(dtype);
                return NULL;
            }
            t->value = r;
            t->dtype = dtype;
            return (PyObject *)t;
        }
    }
    return generic(a, b, op);
}

static PyObject *nb_add(PyObject *a, PyObject *b) { return binary(a, b, ADD); }
static PyObject *nb_sub(PyObject *a, PyObject *b) { return binary(a, b, SUB); }
static PyObject *nb_mul(PyObject *a, PyObject *b) { return binary(a, b, MUL); }
static PyObject *nb_div(PyObject *a, PyObject *b) { return binary(a, b, DIV); }

static int base_traverse(EagerBase *self, visitproc visit, void *arg) {
    Py_VISIT(self->value);
    Py_VISIT(self->dtype);
    return 0;
}

static int base_clear(EagerBase *self) {
    Py_CLEAR(self->value);
    Py_CLEAR(self->dtype);
    return 0;
}

static void base_dealloc(EagerBase *self) {
    PyObject_GC_UnTrack(self);
    base_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMemberDef base_members[] = {
    {"_value", T_OBJECT_EX, offsetof(EagerBase, value), 0, "the value (a NumPy array)"},
    {"_dtype", T_OBJECT_EX, offsetof(EagerBase, dtype), 0, "the tensorweave DType"},
    {NULL},
};

static PyNumberMethods base_as_number = {
    .nb_add = nb_add,
    .nb_subtract = nb_sub,
    .nb_multiply = nb_mul,
    .nb_true_divide = nb_div,
};

static PyTypeObject EagerBaseType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tensorweave._eagerops.EagerBase",
    .tp_basicsize = sizeof(EagerBase),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "The C base of tensorweave's EagerTensor (see tensorweave/_eagerops.c).",
    .tp_dealloc = (destructor)base_dealloc,
    .tp_traverse = (traverseproc)base_traverse,
    .tp_clear = (inquiry)base_clear,
    .tp_members = base_members,
    .tp_as_number = &base_as_number,
    .tp_new = PyType_GenericNew,
};

static PyObject *setup(PyObject *module, PyObject *args) {
    PyObject *cls, *fast_list, *float_dtypes, *quiet_errors, *asarray_fn, *ndarray_cls;
    PyObject *table; /* ((ufunc, generic, reflected) for add, sub, mul, truediv) */
    PyObject *quiet_factory;
    if (!PyArg_ParseTuple(args, "O!O!O!O!OO!O!O", &PyType_Type, &cls, &PyList_Type,
                          &fast_list, &PyTuple_Type, &float_dtypes, &PyTuple_Type,
                          &quiet_errors, &asarray_fn, &PyType_Type, &ndarray_cls,
                          &PyTuple_Type, &table, &quiet_factory)) {
        return NULL;
    }
    if (!PyType_IsSubtype((PyTypeObject *)cls, &EagerBaseType) ||
            PyList_GET_SIZE(fast_list) != 1 || PyTuple_GET_SIZE(table) != N_OPS) {
        PyErr_SetString(PyExc_ValueError, "setup: an EagerBase subclass, a list of one flag "
                        "and four (ufunc, generic, reflected) triples are expected");
        return NULL;
    }
    for (int i = 0; i < N_OPS; i++) {
        PyObject *row = PyTuple_GET_ITEM(table, i);
        if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != 3) {
            PyErr_SetString(PyExc_ValueError, "setup: (ufunc, generic, reflected) expected");
            return NULL;
        }
    }
    for (int i = 0; i < N_OPS; i++) {
        PyObject *row = PyTuple_GET_ITEM(table, i);
        Py_XSETREF(ops[i].ufunc, Py_NewRef(PyTuple_GET_ITEM(row, 0)));
        Py_XSETREF(ops[i].generic, Py_NewRef(PyTuple_GET_ITEM(row, 1)));
        Py_XSETREF(ops[i].reflected, Py_NewRef(PyTuple_GET_ITEM(row, 2)));
    }
    Py_XSETREF(fast, Py_NewRef(fast_list));
    Py_XSETREF(floats, Py_NewRef(float_dtypes));
    Py_XSETREF(quiet, Py_NewRef(quiet_errors));
    Py_XSETREF(make_quiet, Py_NewRef(quiet_factory));
    if (quiet_key == NULL) {
        quiet_key = PyUnicode_InternFromString("tensorweave._eagerops.quiet_context");
        if (quiet_key == NULL) {
            return NULL;
        }
    }
    Py_XSETREF(asarray, Py_NewRef(asarray_fn));
    Py_XSETREF(ndarray, (PyTypeObject *)Py_NewRef(ndarray_cls));
    Py_XSETREF(eager_type, (PyTypeObject *)Py_NewRef(cls));
    Py_RETURN_NONE;
}

static PyMethodDef module_methods[] = {
    {"setup", setup, METH_VARARGS,
     "setup(EagerTensor, fast, floats, quiet, asarray, ndarray, table, make_quiet): what "
     "the operators need (see the module's source)."},
    {NULL},
};

static struct PyModuleDef module_def = {
    PyModuleDef_HEAD_INIT, "tensorweave._eagerops",
    "The C base of eager tensors: their arithmetic operators call NumPy from C.", -1,
    module_methods,
};

PyMODINIT_FUNC PyInit__eagerops(void) {
    if (PyType_Ready(&EagerBaseType) < 0) {
        return NULL;
    }
    PyObject *module = PyModule_Create(&module_def);
    if (module == NULL) {
        return NULL;
    }
    if (PyModule_AddObjectRef(module, "EagerBase", (PyObject *)&EagerBaseType) < 0) {
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
