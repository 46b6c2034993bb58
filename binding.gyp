{
  "targets": [
    {
      "target_name": "atari_native",
      "sources": ["<!@(node scripts/native-sources.cjs)"],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "native"
      ],
      "defines": ["NAPI_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-O2"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-ffp-contract=off"],
      "cflags": ["-O3"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
    },
    {
      "target_name": "atari_onednn",
      "conditions": [
        ["<!(node scripts/onednn-probe.cjs found)==1", {
          "sources": ["<!@(node scripts/onednn-probe.cjs sources)"],
          "include_dirs": [
            "<!(node -p \"require('node-addon-api').include_dir\")",
            "native"
          ],
          "defines": ["NAPI_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
          "cflags!": ["-fno-exceptions", "-O2"],
          "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-O2"],
          "cflags_cc": ["-std=c++17", "-O3", "-fexceptions", "-ffp-contract=off", "-fno-math-errno", "-fno-trapping-math", "<!@(node scripts/onednn-probe.cjs cflags)"],
          "libraries": ["<!@(node scripts/onednn-probe.cjs libs)"]
        }, {
          "type": "none"
        }]
      ]
    }
  ]
}
