{
  "targets": [
    {
      "target_name": "atari_native",
      "sources": [
        "<!@(node -p \"require('fs').readdirSync('native/emu').filter(f=>f.endsWith('.cc')).map(f=>'native/emu/'+f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/env').filter(f=>f.endsWith('.cc')).map(f=>'native/env/'+f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/env/games').filter(f=>f.endsWith('.cc')).map(f=>'native/env/games/'+f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/ops').filter(f=>f.endsWith('.cc')).map(f=>'native/ops/'+f).join(' ')\")",
        "<!@(node -p \"require('fs').readdirSync('native/binding').filter(f=>f.endsWith('.cc')).map(f=>'native/binding/'+f).join(' ')\")"
      ],
      "include_dirs": [
        "<!(node -p \"require('node-addon-api').include_dir\")",
        "native"
      ],
      "defines": ["NAPI_CPP_EXCEPTIONS", "NAPI_VERSION=8"],
      "cflags!": ["-fno-exceptions", "-O2"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti", "-O2"],
      "cflags_cc": ["-std=c++17", "-O3", "-fexceptions"],
      "cflags": ["-O3"],
      "xcode_settings": {
        "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
        "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
        "OTHER_CPLUSPLUSFLAGS": ["-O3"]
      },
      "msvs_settings": { "VCCLCompilerTool": { "ExceptionHandling": 1 } }
    }
  ]
}
