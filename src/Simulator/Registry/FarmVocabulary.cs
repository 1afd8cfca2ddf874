namespace EarTagTrace.Simulator.Registry;

/// <summary>Word lists for realistic registry records: names, villages, phone prefixes, area codes, map centres.</summary>
internal static class FarmVocabulary
{
    // Surnames weighted by repetition: the common ones first; 朴/崔/金 for Yanbian's Korean farmers.
    public static readonly string[] Surnames =
    [
        "王", "王", "王", "李", "李", "李", "张", "张", "张", "刘", "刘", "陈", "杨", "杨", "赵", "赵", "黄", "周", "吴", "徐",
        "孙", "孙", "于", "于", "马", "马", "高", "林", "何", "郭", "罗", "宋", "郑", "谢", "韩", "唐", "冯", "董", "程", "曹",
        "袁", "邓", "许", "沈", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "姜", "范", "石", "姚", "谭", "邹",
        "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "秦", "史", "顾", "侯", "邵", "孟", "段", "常", "武", "乔", "付", "关",
        "朴", "曲", "隋", "葛", "尹", "鲁", "齐", "佟",
    ];

    public static readonly string[] GivenFirst =
    [
        "国", "建", "志", "永", "德", "宝", "春", "玉", "秀", "淑", "凤", "桂", "金", "长", "立", "庆", "文", "海", "云", "明",
        "洪", "福", "广", "振", "学", "树", "丽", "红", "晓", "亚", "俊", "宏", "士", "忠", "连", "铁", "兴", "成", "家", "守",
    ];

    public static readonly string[] GivenSecond =
    [
        "军", "华", "民", "林", "平", "强", "刚", "山", "东", "峰", "伟", "杰", "英", "兰", "芝", "珍", "霞", "梅", "娟", "艳",
        "财", "贵", "生", "发", "才", "江", "波", "龙", "宇", "涛", "亮", "辉", "明", "义", "武", "福", "臣", "友", "顺", "和",
    ];

    public static readonly string[] VillagePrefixes =
    [
        "太平", "永安", "新立", "长岭", "东升", "前进", "胜利", "双山", "红旗", "三合", "合心", "兴隆", "万宝", "福安", "富民",
        "靠山", "德胜", "新民", "四方", "五星", "榆树", "柳河", "青山", "北沟", "南岗", "西河", "东屯", "黄家", "李家", "王家",
    ];

    public static readonly string[] VillageSuffixes = ["村", "村", "村", "屯", "堡"];

    public static readonly string[] MobilePrefixes =
    [
        "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151", "152", "153", "155",
        "156", "157", "158", "159", "166", "173", "175", "176", "177", "180", "181", "182", "183", "185", "186", "187", "188",
        "189", "191", "198", "199",
    ];

    /// <summary>长途区号 trunk codes of the prefectures; Changchun and Jilin city have 8-digit local numbers.</summary>
    public static string AreaCode(string cityCode) => cityCode switch
    {
        "2201" => "0431",
        "2202" => "0432",
        "2224" => "0433",
        "2203" => "0434",
        "2205" => "0435",
        "2208" => "0436",
        "2204" => "0437",
        "2207" => "0438",
        "2206" => "0439",
        _ => "0431",
    };

    /// <summary>Approximate centre of each prefecture, so farms scatter around their own city rather than uniformly.</summary>
    public static (double Lng, double Lat) CityCentre(string cityCode) => cityCode switch
    {
        "2201" => (125.32, 43.90),
        "2202" => (126.55, 43.84),
        "2203" => (124.35, 43.17),
        "2204" => (125.14, 42.89),
        "2205" => (125.94, 41.73),
        "2206" => (126.42, 41.94),
        "2207" => (124.82, 45.14),
        "2208" => (122.84, 45.62),
        "2224" => (129.51, 42.89),
        _ => (126.0, 43.5),
    };
}
